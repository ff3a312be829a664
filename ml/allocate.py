"""Placing many participants into programmes of limited capacity, maximising total fit.

The exact solve turns the problem into a rectangular assignment: each programme is
repeated once per seat (a "slot"), and each participant also gets a column of its own
meaning "not placed" (zero fit). `scipy.optimize.linear_sum_assignment` then finds
the cheapest matching of participants to columns, which is the placement with the
highest total fit. `greedy` (best pair first) is kept to show what the solve gains.
"""

import numpy as np
from scipy.optimize import linear_sum_assignment

UNASSIGNED = -1


def _check(fit, capacity, allowed) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The three inputs as arrays of the right types and agreeing shapes.

    Parameters
    ----------
    fit : array_like of float, shape (n_participants, n_programmes)
    capacity : array_like of int, shape (n_programmes,)
    allowed : array_like of bool, shape (n_participants, n_programmes)

    Returns
    -------
    fit, capacity, allowed : ndarray
        `allowed` is False wherever `fit` is not a finite number; capacities below
        zero count as zero.

    Raises
    ------
    ValueError
        When the shapes do not agree.
    """
    fit = np.asarray(fit, dtype=float)
    if fit.ndim != 2:
        raise ValueError("fit must be a 2-d array (participants x programmes)")
    capacity = np.asarray(capacity)
    allowed = np.asarray(allowed, dtype=bool)
    if capacity.shape != (fit.shape[1],):
        raise ValueError("capacity must have one entry per programme (column of fit)")
    if allowed.shape != fit.shape:
        raise ValueError("allowed must have the shape of fit")
    allowed = allowed & np.isfinite(fit)
    capacity = np.clip(capacity.astype(int), 0, None)
    return fit, capacity, allowed


def assign(fit, capacity, allowed) -> np.ndarray:
    """The placement with the highest total fit, within capacities and allowed pairs.

    Parameters
    ----------
    fit : array_like of float, shape (n_participants, n_programmes)
        How well each participant fits each programme (higher is better).
    capacity : array_like of int, shape (n_programmes,)
        Seats left in each programme.
    allowed : array_like of bool, shape (n_participants, n_programmes)
        False for pairs that must never be placed (too far, already introduced,
        unknown to the model, ...).

    Returns
    -------
    ndarray of int, shape (n_participants,)
        The programme index for each participant, or -1 when not placed. A pair whose
        fit is not above zero adds nothing to the total, so it may be left unplaced.

    Notes
    -----
    Exact: every optimal solution of the slot assignment is an optimal placement. A
    programme never needs more slots than there are participants, so capacities are
    capped there, which keeps the cost matrix at most n x (n * m + n).
    """
    fit, capacity, allowed = _check(fit, capacity, allowed)
    n, m = fit.shape
    placed = np.full(n, UNASSIGNED, dtype=int)
    slots = np.repeat(np.arange(m), np.minimum(capacity, n))
    if n == 0 or slots.size == 0 or not allowed.any():
        return placed
    # Any positive cost keeps a forbidden slot out of the optimum: each participant
    # always has a free "not placed" column, which costs less. One larger than the
    # whole possible gain keeps that true in floating point too.
    forbidden = 1.0 + np.abs(np.where(allowed, fit, 0.0)).sum()
    slot_cost = np.where(allowed, -np.where(allowed, fit, 0.0), forbidden)[:, slots]
    cost = np.hstack([slot_cost, np.zeros((n, n))])
    rows, columns = linear_sum_assignment(cost)
    for row, column in zip(rows, columns, strict=True):
        if column < slots.size and allowed[row, slots[column]] and fit[row, slots[column]] > 0:
            placed[row] = slots[column]
    return placed


def greedy(fit, capacity, allowed) -> np.ndarray:
    """Best pair first: take the highest-fit allowed pair whose participant is free and
    whose programme has a seat, until none is left.

    Parameters
    ----------
    fit, capacity, allowed
        As for `assign`.

    Returns
    -------
    ndarray of int, shape (n_participants,)
        The programme index for each participant, or -1 when not placed.
    """
    fit, capacity, allowed = _check(fit, capacity, allowed)
    placed = np.full(fit.shape[0], UNASSIGNED, dtype=int)
    seats = capacity.copy()
    rows, columns = np.nonzero(allowed & (fit > 0))
    order = np.argsort(-fit[rows, columns], kind="stable")
    for row, column in zip(rows[order], columns[order], strict=True):
        if placed[row] == UNASSIGNED and seats[column] > 0:
            placed[row] = column
            seats[column] -= 1
    return placed


def total_fit(fit, placement) -> float:
    """Sum of the fit of every placed pair.

    Parameters
    ----------
    fit : array_like of float, shape (n_participants, n_programmes)
    placement : array_like of int, shape (n_participants,)
        A programme index per participant, -1 for not placed.

    Returns
    -------
    float
    """
    fit = np.asarray(fit, dtype=float)
    placement = np.asarray(placement, dtype=int)
    rows = np.flatnonzero(placement != UNASSIGNED)
    return float(fit[rows, placement[rows]].sum())


def seats_used(placement, n_programmes: int) -> np.ndarray:
    """How many participants each programme received.

    Parameters
    ----------
    placement : array_like of int, shape (n_participants,)
    n_programmes : int

    Returns
    -------
    ndarray of int, shape (n_programmes,)
    """
    placement = np.asarray(placement, dtype=int)
    return np.bincount(placement[placement != UNASSIGNED], minlength=n_programmes)

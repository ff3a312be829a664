"""ml.allocate: the exact placement against brute force and against greedy."""

import itertools

import numpy as np
import pytest

from ml.allocate import UNASSIGNED, assign, greedy, seats_used, total_fit


def brute_force(fit, capacity, allowed) -> float:
    """The best total fit over every possible placement (small instances only)."""
    n, m = fit.shape
    best = 0.0
    for placement in itertools.product(range(-1, m), repeat=n):
        placement = np.array(placement)
        if any(p != UNASSIGNED and not allowed[i, p] for i, p in enumerate(placement)):
            continue
        if (seats_used(placement, m) > capacity).any():
            continue
        best = max(best, total_fit(fit, placement))
    return best


def valid(placement, capacity, allowed) -> bool:
    placed = np.flatnonzero(placement != UNASSIGNED)
    within = (seats_used(placement, len(capacity)) <= capacity).all()
    return bool(within and allowed[placed, placement[placed]].all())


def test_assign_beats_greedy_on_a_hand_made_case():
    # Greedy takes the best pair (0 -> A, 0.9) and leaves participant 1 the poor seat
    # in B (0.1); the optimum gives A to participant 1 and B to participant 0.
    fit = np.array([[0.9, 0.8], [0.85, 0.1]])
    capacity, allowed = np.array([1, 1]), np.ones((2, 2), dtype=bool)
    assert greedy(fit, capacity, allowed).tolist() == [0, 1]
    assert total_fit(fit, greedy(fit, capacity, allowed)) == pytest.approx(1.0)
    assert assign(fit, capacity, allowed).tolist() == [1, 0]
    assert total_fit(fit, assign(fit, capacity, allowed)) == pytest.approx(1.65)


def test_assign_matches_brute_force_and_never_loses_to_greedy():
    strictly_better = 0
    for seed in range(60):
        rng = np.random.default_rng(seed)
        n, m = int(rng.integers(2, 7)), int(rng.integers(2, 4))
        fit = rng.random((n, m)).round(3)
        capacity = rng.integers(1, 3, size=m) if seed % 4 else rng.integers(0, 2, size=m)
        allowed = rng.random((n, m)) < 0.85
        exact, quick = assign(fit, capacity, allowed), greedy(fit, capacity, allowed)
        assert valid(exact, capacity, allowed) and valid(quick, capacity, allowed), seed
        best = brute_force(fit, capacity, allowed)
        assert total_fit(fit, exact) == pytest.approx(best), seed
        assert total_fit(fit, exact) >= total_fit(fit, quick) - 1e-9, seed
        strictly_better += total_fit(fit, exact) > total_fit(fit, quick) + 1e-9
    assert strictly_better >= 3  # greedy does lose on some instances


def test_capacities_hold_on_a_larger_instance():
    rng = np.random.default_rng(7)
    fit = rng.random((60, 5))
    capacity = np.array([3, 10, 0, 7, 100])
    allowed = rng.random((60, 5)) < 0.6
    placement = assign(fit, capacity, allowed)
    assert valid(placement, capacity, allowed)
    assert seats_used(placement, 5)[2] == 0
    # Everyone with an allowed seat in the roomy programme 4 is placed somewhere.
    assert (placement[allowed[:, 4]] != UNASSIGNED).all()
    assert total_fit(fit, placement) >= total_fit(fit, greedy(fit, capacity, allowed))


def test_disallowed_pairs_are_never_placed_even_when_they_fit_best():
    fit = np.array([[0.99, 0.01], [0.98, 0.02]])
    allowed = np.array([[False, True], [False, False]])
    for solve in (assign, greedy):
        assert solve(fit, [5, 5], allowed).tolist() == [1, UNASSIGNED]


def test_everyone_is_unplaced_when_no_seat_is_left():
    fit = np.ones((4, 3))
    for solve in (assign, greedy):
        assert solve(fit, [0, 0, 0], np.ones((4, 3), dtype=bool)).tolist() == [UNASSIGNED] * 4


def test_more_participants_than_seats_leaves_the_worst_fits_out():
    fit = np.array([[0.2], [0.9], [0.5], [0.7]])
    placement = assign(fit, [2], np.ones((4, 1), dtype=bool))
    assert placement.tolist() == [UNASSIGNED, 0, UNASSIGNED, 0]


def test_unknown_fits_and_empty_inputs():
    fit = np.array([[np.nan, 0.4], [0.3, -0.5]])
    allowed = np.ones((2, 2), dtype=bool)
    # NaN is never placed; a negative fit would only lower the total.
    assert assign(fit, [1, 1], allowed).tolist() == [1, 0]
    assert assign(np.zeros((0, 2)), [1, 1], np.zeros((0, 2), dtype=bool)).tolist() == []
    assert assign(np.zeros((2, 0)), [], np.zeros((2, 0), dtype=bool)).tolist() == [-1, -1]


@pytest.mark.parametrize(
    ("fit", "capacity", "allowed"),
    [
        (np.ones(3), [1], np.ones(3, dtype=bool)),
        (np.ones((2, 2)), [1], np.ones((2, 2), dtype=bool)),
        (np.ones((2, 2)), [1, 1], np.ones((2, 3), dtype=bool)),
    ],
)
def test_shapes_that_do_not_agree_are_refused(fit, capacity, allowed):
    with pytest.raises(ValueError):
        assign(fit, capacity, allowed)

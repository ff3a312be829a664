"""The plain records the model reads: no ORM, no Flask, so ml/ stands alone."""

from dataclasses import dataclass, field

KINDS = ("subcontracting", "mentoring")


def _without_docs(record) -> dict:
    """A record's state to pickle: its cached docs stay behind (they are the database's
    to keep; a loaded record reads the class default, None)."""
    state = dict(record.__dict__)
    state.pop("docs", None)
    return state


@dataclass
class BusinessRecord:
    """A small business as the model sees it."""

    id: int
    name: str
    kbli: str
    lat: float
    lon: float
    text: str = ""  # products, capabilities, equipment, description
    mentoring_needs: str = ""
    trade: str = "other"
    tags: tuple[str, ...] = ()  # capability tags (trade codes), owner-corrected or inferred
    capacity_per_month: int | None = None
    employees: int | None = None
    kecamatan: str = ""
    accepting: bool = True
    # Its texts already normalised (ml.docs.pack of ml.docs.business): fit and update
    # normalise only records without them. Never pickled with a model.
    docs: str | None = field(default=None, repr=False, compare=False)

    __getstate__ = _without_docs


@dataclass
class OfferRecord:
    """A company's subcontracting need or mentoring programme."""

    id: int
    kind: str  # "subcontracting" or "mentoring"
    company_id: int
    company_name: str
    kbli: str
    lat: float
    lon: float
    title: str = ""
    text: str = ""  # need description, or programme focus and description
    company_text: str = ""  # what the company makes and does (its description)
    place: str = ""  # estate short name, else the company's kecamatan
    volume: int | None = None  # parts per month (needs)
    volume_unit: str = ""
    seats_left: int | None = None  # open places (programmes)
    areas: tuple[str, ...] = ()  # kecamatan a programme is limited to (none: everywhere)
    is_open: bool = True
    accepting: bool = True
    extra: dict = field(default_factory=dict)
    # Its own texts and its company's already normalised (ml.docs.pack of ml.docs.offer,
    # then of ml.docs.company; either may be missing and is then made).
    docs: str | None = field(default=None, repr=False, compare=False)

    __getstate__ = _without_docs

    @property
    def available(self) -> bool:
        """Open, its company takes requests, and (programmes) not full."""
        full = self.seats_left is not None and self.seats_left <= 0
        return self.is_open and self.accepting and not full

"""The plain records the model reads: no ORM, no Flask, so ml/ stands alone."""

from dataclasses import dataclass, field

KINDS = ("subcontracting", "mentoring")


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

    @property
    def available(self) -> bool:
        """Open, its company takes requests, and (programmes) not full."""
        full = self.seats_left is not None and self.seats_left <= 0
        return self.is_open and self.accepting and not full

"""Profiles of the two sides of a partnership."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship, with_loader_criteria

from matchmaker.auth.models import Role, User, utcnow
from matchmaker.core.extensions import db
from matchmaker.reference.models import IndustrialEstate, Kecamatan
from ml import docs as normaliser
from ml.trades import infer_trades


class SmallBusiness(db.Model):
    """A small business, usually started by a Wirausaha Baru trainee."""

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), unique=True
    )
    name: Mapped[str] = mapped_column(String(120), index=True)
    owner_name: Mapped[str] = mapped_column(String(120), default="")
    trade: Mapped[str] = mapped_column(String(32), index=True)
    kbli_code: Mapped[str] = mapped_column(String(5), index=True)
    kbli_edition: Mapped[int] = mapped_column(default=2020)
    kecamatan_id: Mapped[int] = mapped_column(ForeignKey("kecamatan.id"), index=True)
    address: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    products: Mapped[str] = mapped_column(Text, default="")
    capabilities: Mapped[str] = mapped_column(Text, default="")
    equipment: Mapped[str] = mapped_column(Text, default="")
    certifications: Mapped[str] = mapped_column(Text, default="")
    capacity_per_month: Mapped[int | None]
    capacity_unit: Mapped[str] = mapped_column(String(40), default="")
    employees: Mapped[int | None]
    founded_year: Mapped[int | None]
    mentoring_needs: Mapped[str] = mapped_column(Text, default="")
    training_history: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    accepting_requests: Mapped[bool] = mapped_column(default=True)
    # Capability tags (trade codes): inferred from the text until the owner corrects them.
    tags: Mapped[str] = mapped_column(String(200), default="")
    tags_edited: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)
    # Its text as the partner model reads it, normalised when saved (ml.docs.stored)
    text_cache: Mapped[dict | None] = mapped_column(JSON, default=None)

    owner: Mapped[User | None] = relationship(back_populates="business")
    kecamatan: Mapped[Kecamatan] = relationship()

    @property
    def work_text(self) -> str:
        """What the business makes and can do, as the partner model reads it."""
        parts = (self.products, self.capabilities, self.equipment, self.description)
        return "\n".join(p for p in parts if p)

    def model_texts(self) -> tuple[str, str, str]:
        """The strings its normalised text (text_cache) is made from."""
        return self.name, self.work_text, self.mentoring_needs or ""

    @property
    def profile_text(self) -> str:
        """Everything the business says it does, as one text."""
        parts = (self.name, self.products, self.capabilities, self.equipment, self.description)
        return "\n".join(p for p in parts if p)

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.split(",") if t]

    def can_edit(self, user: User) -> bool:
        """Owners edit their own business; officials edit every business."""
        return user.is_authenticated and (user.is_official or user.id == self.owner_id)

    def can_see_contact(self, user: User) -> bool:
        """Contact details are for the owner and officials (introductions widen this later)."""
        return self.can_edit(user)


class Company(db.Model):
    """A large company, usually a tenant of an industrial estate."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), index=True)
    estate_id: Mapped[int | None] = mapped_column(ForeignKey("industrial_estate.id"), index=True)
    kecamatan_id: Mapped[int] = mapped_column(ForeignKey("kecamatan.id"), index=True)
    kbli_code: Mapped[str] = mapped_column(String(5), index=True)
    kbli_edition: Mapped[int] = mapped_column(default=2020)
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str] = mapped_column(String(255), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(20), default="")
    accepting_requests: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)
    # Its text as the partner model reads it, normalised when saved (ml.docs.stored)
    text_cache: Mapped[dict | None] = mapped_column(JSON, default=None)

    estate: Mapped[IndustrialEstate | None] = relationship()
    kecamatan: Mapped[Kecamatan] = relationship()
    staff: Mapped[list[User]] = relationship(back_populates="company")
    needs: Mapped[list["SubcontractingNeed"]] = relationship(
        back_populates="company", cascade="all, delete-orphan", order_by="SubcontractingNeed.id"
    )
    programmes: Mapped[list["MentoringProgramme"]] = relationship(
        back_populates="company", cascade="all, delete-orphan", order_by="MentoringProgramme.id"
    )

    def model_texts(self) -> tuple[str]:
        """The strings its normalised text (text_cache) is made from."""
        return (self.description or "",)

    def can_edit(self, user: User) -> bool:
        """Approved CSR staff edit their own company; officials edit every company."""
        if not user.is_authenticated:
            return False
        return user.is_official or (user.role == Role.CSR and user.approved_company_id == self.id)

    def can_see_contact(self, user: User) -> bool:
        return self.can_edit(user)


class SubcontractingNeed(db.Model):
    """Parts or services a company wants to buy from small businesses."""

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    volume: Mapped[int | None]
    volume_unit: Mapped[str] = mapped_column(String(40), default="")
    deadline: Mapped[date | None]
    is_open: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)
    # Its text as the partner model reads it, normalised when saved (ml.docs.stored)
    text_cache: Mapped[dict | None] = mapped_column(JSON, default=None)
    deleted_at: Mapped[datetime | None]  # deleted, kept a while so it can be undone

    company: Mapped[Company] = relationship(back_populates="needs")

    def model_texts(self) -> tuple[str, str, str]:
        """The strings its normalised text (text_cache) is made from."""
        return "subcontracting", self.title, self.description or ""

    @property
    def state(self) -> "OfferState":
        """Open, past its deadline (open, but no longer suggested), or closed."""
        return offer_state(self.is_open, self.deadline)


class MentoringProgramme(db.Model):
    """A CSR mentoring programme that coaches a number of small businesses."""

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(160))
    focus: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    capacity: Mapped[int] = mapped_column(default=1)
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    is_open: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)
    # Its text as the partner model reads it, normalised when saved (ml.docs.stored)
    text_cache: Mapped[dict | None] = mapped_column(JSON, default=None)
    deleted_at: Mapped[datetime | None]  # deleted, kept a while so it can be undone

    company: Mapped[Company] = relationship(back_populates="programmes")

    def model_texts(self) -> tuple[str, str, str]:
        """The strings its normalised text (text_cache) is made from."""
        return "mentoring", self.title, "\n".join((self.focus or "", self.description or ""))

    @property
    def state(self) -> "OfferState":
        """Open, ended (open, but no longer suggested), or closed."""
        return offer_state(self.is_open, self.end_date)


class OfferState(StrEnum):
    """What a need or programme is today, as suggestions treat it."""

    OPEN = "open"
    PAST_DEADLINE = "past_deadline"
    CLOSED = "closed"


def offer_state(is_open: bool, end: date | None, today: date | None = None) -> OfferState:
    """Closed by its company; past its deadline or end date; or open (suggested)."""
    if not is_open:
        return OfferState.CLOSED
    if end is not None and end < (today or date.today()):
        return OfferState.PAST_DEADLINE
    return OfferState.OPEN


OFFERS = (SubcontractingNeed, MentoringProgramme)


@event.listens_for(Session, "do_orm_execute")
def _hide_deleted_offers(state) -> None:
    """A deleted need or programme is kept a while so its deletion can be undone, and no
    query sees it meanwhile (suggestions, the desk, allocation, pages, the API) unless it
    asks with the execution option `include_deleted`."""
    if (
        state.is_select
        and not state.is_column_load
        and not state.is_relationship_load
        and not state.execution_options.get("include_deleted", False)
    ):
        state.statement = state.statement.options(
            *(
                with_loader_criteria(
                    model, lambda cls: cls.deleted_at.is_(None), include_aliases=True
                )
                for model in OFFERS
            )
        )


@event.listens_for(SmallBusiness, "before_insert")
@event.listens_for(SmallBusiness, "before_update")
def _infer_tags(mapper, connection, business: SmallBusiness) -> None:
    """Keep inferred capability tags in step with the text, unless the owner set them."""
    if not business.tags_edited:
        inferred = infer_trades(business.profile_text)
        business.tags = ",".join(inferred or [business.trade])


MAKERS = {
    SmallBusiness: normaliser.business,
    Company: normaliser.company,
    SubcontractingNeed: normaliser.offer,
    MentoringProgramme: normaliser.offer,
}


def cached_text(profile) -> str | None:
    """The profile's normalised text (packed, ml.docs) if its cache is still good."""
    return normaliser.reuse(profile.text_cache, *profile.model_texts())


def fresh_text_cache(profile) -> dict:
    """The profile's normalised text made now, in the form text_cache keeps."""
    texts = profile.model_texts()
    return normaliser.stored(MAKERS[type(profile)](*texts), *texts)


def _cache_text(mapper, connection, profile) -> None:
    """Normalise a profile's text when it is saved, so a fit does not have to (the
    partner model reads it from text_cache); nothing is redone when the text stayed."""
    if cached_text(profile) is None:
        profile.text_cache = fresh_text_cache(profile)


for _model in MAKERS:
    event.listen(_model, "before_insert", _cache_text)
    event.listen(_model, "before_update", _cache_text)

"""Reference tables loaded from the CSV files in reference/data."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.core.extensions import db


class Kecamatan(db.Model):
    """A kecamatan (district) of Kabupaten Bekasi with its approximate centre."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    name_bps: Mapped[str] = mapped_column(String(80))
    lat: Mapped[float]
    lon: Mapped[float]

    def matches(self, text: str) -> bool:
        """True when text names this kecamatan in the Kemendagri or BPS spelling."""
        wanted = " ".join(text.split()).casefold()
        return wanted in {self.name.casefold(), self.name_bps.casefold()}


class IndustrialEstate(db.Model):
    """An industrial estate (kawasan industri) in the regency."""

    id: Mapped[int] = mapped_column(primary_key=True)
    short_name: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    kecamatan_id: Mapped[int] = mapped_column(ForeignKey("kecamatan.id"))
    lat: Mapped[float]
    lon: Mapped[float]
    operator: Mapped[str] = mapped_column(String(200), default="")

    kecamatan: Mapped[Kecamatan] = relationship()


class KbliCode(db.Model):
    """A KBLI code of the 2020 or 2025 edition, at any level of the tree."""

    __table_args__ = (db.UniqueConstraint("edition", "code", name="uq_kbli_code_edition_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition: Mapped[int]
    code: Mapped[str] = mapped_column(String(5), index=True)
    level: Mapped[str] = mapped_column(String(10))
    title_id: Mapped[str] = mapped_column(String(400))
    title_en: Mapped[str] = mapped_column(String(400), default="")

    def title(self, locale: str) -> str:
        """The title in the given locale, Indonesian when no English title exists."""
        return self.title_en if locale == "en" and self.title_en else self.title_id

"""Short reasons for a suggestion, in Bahasa Indonesia and English.

ml/ cannot use the web app's translation catalog, so each reason carries its
own two templates; the app picks the user's language.
"""

from dataclasses import dataclass, field

TEMPLATES: dict[str, tuple[str, str]] = {
    "skills": (
        "keahlian {terms} cocok dengan kebutuhan \u201c{title}\u201d",
        "skills in {terms} match the need \u201c{title}\u201d",
    ),
    "skills_reverse": (
        "kebutuhan \u201c{title}\u201d cocok dengan keahlian {terms}",
        "the need \u201c{title}\u201d matches skills in {terms}",
    ),
    "trade": ("bidang {trades} sesuai dengan pekerjaan ini", "{trades} fits this work"),
    "distance": ("{km} km dari {place}", "{km} km from {place}"),
    "sector": (
        "sektor KBLI {supplier} biasa memasok sektor {buyer}",
        "KBLI sector {supplier} commonly supplies sector {buyer}",
    ),
    "capacity_ok": (
        "kapasitas {capacity}/bulan cukup untuk volume {volume}",
        "capacity of {capacity}/month covers the volume of {volume}",
    ),
    "capacity_short": (
        "kapasitas {capacity}/bulan mungkin kurang untuk volume {volume}",
        "capacity of {capacity}/month may fall short of {volume}",
    ),
    "topics": (
        "program membahas {topics} yang dibutuhkan",
        "the programme covers {topics}, as needed",
    ),
    "programme_trade": (
        "program ditujukan untuk usaha {trades}",
        "the programme is meant for {trades} businesses",
    ),
    "seats": ("{seats} tempat tersisa", "{seats} places left"),
    "area": (
        "program untuk usaha di Kecamatan {areas}",
        "the programme is for businesses in {areas}",
    ),
    "area_outside": (
        "program hanya untuk usaha di Kecamatan {areas}, usaha ini di {place}",
        "the programme is only for businesses in {areas}; this one is in {place}",
    ),
    "thin_profile": (
        "profil masih sedikit informasi; saran dari sektor dan lokasi",
        "the profile says little yet; suggested by sector and location",
    ),
}


@dataclass(frozen=True)
class Reason:
    """One reason: a template key, its values, and how much it weighed."""

    key: str
    values: dict = field(default_factory=dict)
    weight: float = 0.0

    def text(self, locale: str = "id") -> str:
        """The reason in the given locale ("id" default, or "en")."""
        indonesian, english = TEMPLATES[self.key]
        template = english if locale == "en" else indonesian
        return template.format(**{k: _show(v, locale) for k, v in self.values.items()})


def _show(value, locale: str) -> str:
    if isinstance(value, dict):  # a value given in both languages
        return value.get(locale, value.get("id", ""))
    if isinstance(value, float):
        return (
            f"{value:.0f}"
            if value >= 10
            else f"{value:.1f}".replace(".", "," if locale == "id" else ".")
        )
    if isinstance(value, int):
        return f"{value:,}".replace(",", "." if locale == "id" else ",")
    if isinstance(value, list | tuple):
        joiner = " dan " if locale == "id" else " and "
        items = [str(_show(v, locale)) for v in value]
        return ", ".join(items[:-1]) + joiner + items[-1] if len(items) > 1 else "".join(items)
    return str(value)

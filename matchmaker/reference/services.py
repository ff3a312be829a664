"""Loading and looking up the reference tables."""

import csv
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from flask import g
from sqlalchemy import func, or_, select

from matchmaker.core.extensions import db
from matchmaker.reference.models import IndustrialEstate, KbliCode, Kecamatan

DATA = Path(__file__).parent / "data"
EDITIONS = (2020, 2025)


def _rows(name: str) -> Iterator[dict]:
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def load_reference_data() -> dict[str, int]:
    """Insert or update every reference row; safe to run again. Returns row counts."""
    kecamatan = {k.code: k for k in db.session.scalars(select(Kecamatan))}
    for row in _rows("kecamatan.csv"):
        item = kecamatan.get(row["code"]) or Kecamatan(code=row["code"])
        item.name, item.name_bps = row["name"], row["name_bps"]
        item.lat, item.lon = float(row["lat"]), float(row["lon"])
        kecamatan[item.code] = item
        db.session.add(item)
    db.session.flush()
    by_name = {k.name: k for k in kecamatan.values()}

    estates = {e.short_name: e for e in db.session.scalars(select(IndustrialEstate))}
    for row in _rows("estates.csv"):
        item = estates.get(row["short_name"]) or IndustrialEstate(short_name=row["short_name"])
        item.name, item.operator = row["name"], row["operator"][:200]
        item.kecamatan_id = by_name[row["kecamatan"]].id
        item.lat, item.lon = float(row["lat"]), float(row["lon"])
        db.session.add(item)

    existing = {(k.edition, k.code): k for k in db.session.scalars(select(KbliCode))}
    for edition in EDITIONS:
        for row in _rows(f"kbli{edition}.csv"):
            item = existing.get((edition, row["code"])) or KbliCode(
                edition=edition, code=row["code"]
            )
            item.level, item.title_id = row["level"], row["title_id"]
            item.title_en = row.get("title_en", "") or ""
            db.session.add(item)
    db.session.commit()
    return {
        "kecamatan": db.session.scalar(select(func.count(Kecamatan.id))),
        "estates": db.session.scalar(select(func.count(IndustrialEstate.id))),
        "kbli": db.session.scalar(select(func.count(KbliCode.id))),
    }


def find_kecamatan(name: str) -> Kecamatan | None:
    """The kecamatan named, matching either official spelling and ignoring case."""
    wanted = " ".join(name.split()).lower()
    return db.session.scalar(
        select(Kecamatan).where(
            or_(func.lower(Kecamatan.name) == wanted, func.lower(Kecamatan.name_bps) == wanted)
        )
    )


def kecamatan_named(text: str) -> tuple[str, ...]:
    """The kecamatan a free text names (either spelling, any case, spaces optional), by
    their official names, in the order of the reference table."""
    if "kecamatan_spellings" not in g:  # read once per request or command
        query = select(Kecamatan.name, Kecamatan.name_bps).order_by(Kecamatan.id)
        g.kecamatan_spellings = tuple(tuple(row) for row in db.session.execute(query))
    pattern, names = _kecamatan_pattern(g.kecamatan_spellings)
    found = {names[m.lastgroup] for m in pattern.finditer(text or "")}
    return tuple(name for name in dict.fromkeys(names.values()) if name in found)


@lru_cache(maxsize=4)
def _kecamatan_pattern(spellings: tuple) -> tuple[re.Pattern, dict[str, str]]:
    alternatives, names = [], {}
    for i, (name, bps) in enumerate(spellings):
        forms = {tuple(spelling.lower().split()) for spelling in (name, bps or name)}
        for j, parts in enumerate(sorted(forms, key=len, reverse=True)):
            group = f"k{i}_{j}"
            names[group] = name
            alternatives.append(f"(?P<{group}>" + r"\s*".join(map(re.escape, parts)) + ")")
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE), names


def find_estate(name: str) -> IndustrialEstate | None:
    """The estate named by its short or full name, ignoring case."""
    wanted = " ".join(name.split()).lower()
    return db.session.scalar(
        select(IndustrialEstate).where(
            or_(
                func.lower(IndustrialEstate.short_name) == wanted,
                func.lower(IndustrialEstate.name) == wanted,
            )
        )
    )


def find_kbli(code: str, edition: int | None = None) -> KbliCode | None:
    """The KBLI code in the given edition, or in 2020 then 2025 when none is given."""
    editions = [edition] if edition else list(EDITIONS)
    for wanted in editions:
        found = db.session.scalar(
            select(KbliCode).where(KbliCode.edition == wanted, KbliCode.code == code.strip())
        )
        if found:
            return found
    return None


def kecamatan_choices() -> list[Kecamatan]:
    return list(db.session.scalars(select(Kecamatan).order_by(Kecamatan.name)))


def estate_choices() -> list[IndustrialEstate]:
    return list(db.session.scalars(select(IndustrialEstate).order_by(IndustrialEstate.short_name)))


def kbli_suggestions(edition: int | None = None) -> list[KbliCode]:
    """Five-digit codes in the divisions our trades belong to, for pickers and error hints."""
    divisions = ("24", "25", "26", "27", "28", "29", "30", "32", "33", "45", "95")
    query = select(KbliCode).where(
        func.length(KbliCode.code) == 5, func.substr(KbliCode.code, 1, 2).in_(divisions)
    )
    if edition:
        query = query.where(KbliCode.edition == edition)
    return list(db.session.scalars(query.order_by(KbliCode.edition, KbliCode.code)))

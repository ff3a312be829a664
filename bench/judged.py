"""A judged set as the model sees it: imported as `import-data` imports it, read back
as model records, with its truth and folds of companies."""

import csv
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

KINDS = ("subcontracting", "mentoring")


@dataclass
class JudgedSet:
    """Records, names by id, and truth: kind → {(business name, company name): grade}."""

    businesses: list
    offers: list
    business_names: dict[int, str]
    company_names: dict[int, str]
    truth: dict[str, dict[tuple[str, str], int]] = field(default_factory=dict)

    def folds(self, n: int, seed: int = 0) -> list[set[str]]:
        """`n` disjoint sets of company names, the same for every call."""
        names = sorted(self.company_names.values())
        order = np.random.default_rng(seed).permutation(len(names))
        return [{names[i] for i in order[f::n]} for f in range(n)]


def read_truth(folder: Path) -> dict[str, dict[tuple[str, str], int]]:
    truth: dict[str, dict] = {kind: {} for kind in KINDS}
    with (folder / "truth.csv").open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            key = (row["business"].strip(), row["company"].strip())
            truth[row["kind"].strip()][key] = int(row["grade"])
    return truth


def load_set(folder: Path) -> JudgedSet:
    """Import the set's CSV files into a scratch SQLite database and read its records."""
    with tempfile.TemporaryDirectory(prefix="judged-") as scratch:
        os.environ["INSTANCE_PATH"] = scratch
        from matchmaker import create_app
        from matchmaker.matching import records
        from matchmaker.profiles.models import Company, SmallBusiness

        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{scratch}/judged.sqlite3"})
        runner = app.test_cli_runner()
        context = app.app_context()
        context.push()
        for args in (
            ["init-db"],
            ["import-data", "businesses", str(folder / "businesses.csv")],
            ["import-data", "companies", str(folder / "companies.csv")],
        ):
            result = runner.invoke(args=args)
            if result.exit_code:
                raise RuntimeError(f"{' '.join(args)}: {result.output}")
        from matchmaker.core.extensions import db

        businesses, offers = records.all_records()
        names_b = {b.id: b.name for b in db.session.query(SmallBusiness)}
        names_c = {c.id: c.name for c in db.session.query(Company)}
        db.session.remove()
        db.engine.dispose()
        context.pop()
    return JudgedSet(businesses, offers, names_b, names_c, read_truth(folder))

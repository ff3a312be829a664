"""What production does between full fits, measured: text normalised once per edit
(ml.docs), and the incremental refit after a share of the profiles changed (ml.refit).

`cache_docs` gives every synthetic record its normalised text as the app keeps it, timed
apart from the fit; `changes` edits, adds and removes a share of the profiles the way
owners and CSR staff do; `measure_refit` times the refit after them and compares its
suggestions with those of a full fit on the same profiles.
"""

import inspect
import time
from dataclasses import replace

import numpy as np

from ml import docs
from ml.model import _in_parallel
from ml.records import KINDS


def _business_docs(records) -> list[str]:
    return [docs.pack(docs.business(r.name, r.text, r.mentoring_needs)) for r in records]


def _offer_docs(records) -> list[str]:
    return [
        docs.pack(docs.offer(r.kind, r.title, r.text) | docs.company(r.company_text))
        for r in records
    ]


def cache_docs(businesses: list, offers: list, n_jobs: int = -1) -> dict:
    """Give each record its normalised text (in place), as profiles keep it once saved;
    returns the seconds it took (once per edit in production, not part of a fit)."""
    started = time.perf_counter()
    for records, make in ((businesses, _business_docs), (offers, _offer_docs)):
        packed = [p for block in _in_parallel(make, records, n_jobs) for p in block]
        for record, text in zip(records, packed, strict=True):
            record.docs = text
    return {"normalise_once_s": time.perf_counter() - started}


def changes(businesses: list, offers: list, share: float, seed: int) -> dict:
    """A share of the profiles changed: half of them edited (another profile's text), a
    quarter new, a quarter removed; of businesses and offers alike. Returns the changed
    records, the removed ids and the profiles after the changes."""
    rng = np.random.default_rng(seed)
    out = {}
    for name, records in (("businesses", businesses), ("offers", offers)):
        n = max(4, int(len(records) * share))
        picked = rng.choice(len(records), size=n, replace=False)
        edited, removed = picked[: n // 2], picked[n // 2 : n // 2 + n // 4]
        donors = rng.choice(len(records), size=edited.size)
        changed = [_edited(records[i], records[d]) for i, d in zip(edited, donors, strict=True)]
        top = max(r.id for r in records)
        fresh = rng.choice(len(records), size=n - n // 2 - n // 4)
        changed += [
            _edited(replace(records[i], id=top + 1 + k), records[i]) for k, i in enumerate(fresh)
        ]
        gone = {records[i].id for i in removed}
        by_id = {r.id: r for r in changed}
        after = [by_id.pop(r.id, r) for r in records if r.id not in gone] + list(by_id.values())
        out[name] = {"changed": changed, "removed": sorted(gone), "after": after}
    return out


def _edited(record, donor):
    """`record` with `donor`'s words (the profile rewritten), its docs made afresh (as
    the app makes them when the profile is saved)."""
    if hasattr(record, "mentoring_needs"):
        text = {"text": donor.text, "mentoring_needs": donor.mentoring_needs}
        edited = replace(record, **text, docs=None)
        edited.docs = _business_docs([edited])[0]
    else:
        edited = replace(record, title=donor.title, text=donor.text, docs=None)
        edited.docs = _offer_docs([edited])[0]
    return edited


def agreement(refitted, fitted, changed: dict, queries: int, seed: int) -> dict:
    """Per direction, the share of a full fit's top ten that the refitted model's top ten
    holds (recall@10 of the refit against the full fit), over sampled queries."""
    rng = np.random.default_rng(seed)
    b_ids = [r.id for r in changed["businesses"]["after"]]
    o_ids = [r.id for r in changed["offers"]["after"] if r.available]
    out = {}
    for kind in KINDS:
        asked = rng.choice(b_ids, size=min(queries, len(b_ids)), replace=False)
        out[f"business→companies ({kind})"] = _recall(
            [(m.suggest_for_business(int(b), kind) for m in (refitted, fitted)) for b in asked],
            key=lambda s: s.offer_id,
        )
    asked = rng.choice(o_ids, size=min(queries, len(o_ids)), replace=False)
    out["offer→businesses"] = _recall(
        [tuple(m.suggest_for_offer(int(o)) for m in (refitted, fitted)) for o in asked],
        key=lambda s: s.business_id,
    )
    return out


def _recall(pairs, key) -> float:
    found = total = 0
    for ours, reference in pairs:
        ours, reference = {key(s) for s in ours}, {key(s) for s in reference}
        found, total = found + len(ours & reference), total + len(reference)
    return found / total if total else 1.0


def measure_refit(model, businesses: list, offers: list, config: dict, clock) -> dict:
    """Seconds for a refit after `config["refit_share"]` of the profiles changed and, when
    `config["refit_recall_queries"]` asks for it, its agreement with a full fit on the
    changed profiles (a second full fit: left out at the full preset by default)."""
    share = config["refit_share"] / 100
    changed = changes(businesses, offers, share, config["seed"] + 2)
    b, o = changed["businesses"], changed["offers"]
    clock(f"refit: {len(b['changed']):,} businesses and {len(o['changed']):,} offers changed")
    started = time.perf_counter()
    refitted = model.refit(b["changed"], o["changed"], b["removed"], o["removed"])
    figures = {
        "share_pct": config["refit_share"],
        "changed_businesses": len(b["changed"]),
        "removed_businesses": len(b["removed"]),
        "changed_offers": len(o["changed"]),
        "removed_offers": len(o["removed"]),
        "seconds": time.perf_counter() - started,
    }
    clock(f"refit in {figures['seconds']:.1f}s")
    if config["refit_recall_queries"]:
        full = type(model)(**_parameters(model)).fit(b["after"], o["after"])
        figures["recall_at_10_vs_full_fit"] = agreement(
            refitted, full, changed, config["refit_recall_queries"], config["seed"] + 3
        )
    return figures


def _parameters(model) -> dict:
    """The model's constructor parameters (PartnerModel stores each as given)."""
    names = inspect.signature(type(model).__init__).parameters
    return {name: getattr(model, name) for name in names if name != "self"}

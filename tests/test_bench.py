"""The matching benchmark at a tiny scale: it runs end to end and reports every figure.

Timings are reported, never asserted: the figures that matter come from `make bench`.
"""

import json
import os

import pytest

from bench import matching, synthetic

DIRECTIONS = [
    f"{direction} ({kind})"
    for direction in ("business → companies", "offer → businesses", "company → businesses")
    for kind in ("subcontracting", "mentoring")
]
BRUTE_DIRECTIONS = DIRECTIONS[:4]


def test_synthetic_data_is_seeded_and_shaped_like_bekasi():
    businesses, offers = synthetic.generate(400, 60, seed=7)
    assert (businesses, offers) == synthetic.generate(400, 60, seed=7)
    assert businesses != synthetic.generate(400, 60, seed=8)[0]
    kecamatan = {name for name, *_ in synthetic.KECAMATAN}
    assert len(kecamatan) == 23
    assert {b.kecamatan for b in businesses} <= kecamatan
    assert len({b.id for b in businesses}) == 400
    assert all(18 <= len(b.text.split()) <= 70 for b in businesses)
    assert all(len(b.mentoring_needs.split()) <= 35 for b in businesses)
    assert all(b.kbli.isdigit() and len(b.kbli) == 5 for b in businesses)
    per_company: dict[int, int] = {}
    for offer in offers:
        per_company[offer.company_id] = per_company.get(offer.company_id, 0) + 1
    assert set(per_company.values()) <= {1, 2, 3}
    assert len(per_company) == 60
    assert {o.kind for o in offers} == {"subcontracting", "mentoring"}
    assert len({o.id for o in offers}) == len(offers)
    needs = [o for o in offers if o.kind == "subcontracting"]
    assert all(15 <= len(o.text.split()) <= 50 for o in needs)


def run_tiny(tmp_path, *extra: str) -> dict:
    out = tmp_path / "bench.json"
    argv = ["--preset", "tiny", "--queries", "20", "--quiet", "--out", str(out), *extra]
    assert matching.main(argv) == 0
    return json.loads(out.read_text())


def test_tiny_benchmark_reports_every_figure(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    report = run_tiny(tmp_path)
    table = capsys.readouterr().out

    assert report["config"]["exact_limit"] < report["config"]["businesses"]  # IVF path taken
    assert report["generate_s"] > 0 and report["fit_s"] > 0
    assert any(stage.startswith("indexing business") for stage in report["fit_stages_s"])
    assert 0 < report["peak_after_fit_gib"] <= report["peak_overall_gib"]
    assert report["machine"]["cores"] >= 1
    assert {"numpy", "scipy", "sklearn", "python", "memory_gib"} <= set(report["machine"])
    by_name = {entry["name"]: entry for entry in report["directions"]}
    assert list(by_name) == DIRECTIONS
    for entry in by_name.values():
        assert entry["ours"]["n"] == 20 * report["config"]["rounds"]
        assert 0 < entry["ours"]["p50"] <= entry["ours"]["p95"]
        assert 0 <= entry["model_recall_at_10"] <= 1
    compared = [name for name in BRUTE_DIRECTIONS if "brute" in by_name[name]]
    # businesses always outnumber exact_limit here; a kind's offers may not (then no index)
    assert {"offer → businesses (subcontracting)", "offer → businesses (mentoring)"} <= set(
        compared
    )
    for name in set(BRUTE_DIRECTIONS) - set(compared):
        assert "no index" in by_name[name]["note"]
    for name in compared:
        entry = by_name[name]
        assert entry["brute"]["p95"] >= entry["brute"]["p50"] > 0
        assert entry["ivf_search"]["p50"] > 0 and entry["speedup_p50"] > 0
        assert 0.5 <= entry["recall_at_10_in_candidates"] <= 1
        assert 0 <= entry["recall_10_at_10"] <= entry["recall_at_10_in_candidates"]
        assert entry["postgres"] is None
    assert "skipped" in report["postgres"]["note"]

    refit = report["refit"]  # 1 % of the profiles changed, then model.refit
    assert refit["seconds"] > 0 and refit["changed_businesses"] > 0
    assert all(0 <= v <= 1 for v in refit["recall_at_10_vs_full_fit"].values())
    assert report["normalise_once_s"] > 0
    assert "refit " in table and "normalise " in table

    served = report["serving"]  # the model saved, then mapped by servers of 1 and 3 workers
    assert served["model_file_mib"] > 0 and served["load_s"] > 0
    assert 0 < served["model_mib_loaded_only"] < served["model_mib"]
    assert served["server_pss_mib"]["3"] > served["server_pss_mib"]["1"] > served["model_mib"]
    assert served["per_extra_worker_mib"] == pytest.approx(
        (served["server_pss_mib"]["3"] - served["server_pss_mib"]["1"]) / 2
    )
    assert "each extra worker" in table

    targets = report["targets"]
    assert len(targets) == 1 + 3 + 2 * len(DIRECTIONS) + len(compared)
    assert all(t["result"] in {"PASS", "FAIL"} for t in targets)
    for t in targets:
        assert t["target"] in table and t["result"] in table
    assert "PostgreSQL full-text search: skipped" in table


@pytest.mark.skipif(
    not matching.is_postgres(os.environ.get("TEST_DATABASE_URL")),
    reason="PostgreSQL full-text search needs TEST_DATABASE_URL",
)
def test_postgres_full_text_search_is_timed_and_cleaned_up(tmp_path, monkeypatch):
    import psycopg

    url = os.environ["TEST_DATABASE_URL"]
    monkeypatch.setenv("DATABASE_URL", url)
    report = run_tiny(tmp_path, "--pg-budget", "5")

    pg = report["postgres"]
    assert set(pg["tables"]) == set(matching.PG_TABLES)
    assert all(t["load_and_index_s"] > 0 for t in pg["tables"].values())
    for name in BRUTE_DIRECTIONS:
        entry = next(e for e in report["directions"] if e["name"] == name)
        assert entry["postgres"]["n"] > 0 and entry["postgres"]["p95"] > 0
    url = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url) as connection:
        left = connection.execute(
            "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'bench_fts_%'"
        ).fetchone()[0]
    assert left == 0


def test_postgres_is_skipped_with_a_note_when_not_reachable():
    clock = matching.Clock(quiet=True)
    assert (
        "not a PostgreSQL URL" in matching.postgres("sqlite:///x.db", [], [], [], {}, clock)["note"]
    )
    unreachable = "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"
    assert "cannot connect" in matching.postgres(unreachable, [], [], [], {}, clock)["note"]


def test_several_runs_are_summarised_by_their_medians():
    def run(fit_s, p95):
        return {
            "fit_s": fit_s,
            "peak_after_fit_gib": 4.0,
            "config": {"businesses": 1_000_000},
            "serving": {"model_mib": 1000.0, "per_extra_worker_mib": fit_s},
            "directions": [
                {"name": "x", "ours": {"p95": p95, "empty_answers": 0}, "model_recall_at_10": 1.0}
            ],
        }

    report = matching.median_report([run(50.0, 4.0), run(130.0, 12.0), run(55.0, 4.5)])
    assert report["fit_s"] == 55.0 and report["directions"][0]["ours"]["p95"] == 4.5
    assert report["config"]["businesses"] == 1_000_000
    assert [r["fit_s"] for r in report["runs"]] == [50.0, 130.0, 55.0]
    assert report["serving"]["per_extra_worker_mib"] == 55.0
    verdicts = {t["target"]: t["result"] for t in report["targets"]}
    assert verdicts["fit ≤ 60 s"] == "PASS" and verdicts["p95 ≤ 5 ms: x"] == "PASS"
    assert verdicts["each extra worker ≤ 25 % of the model (MiB)"] == "PASS"
    assert matching.without(
        ["--preset", "full", "--runs", "3", "--out=a.json"], "--runs", "--out"
    ) == [
        "--preset",
        "full",
    ]

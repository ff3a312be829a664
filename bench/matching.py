"""The matching benchmark: PartnerModel at province scale, beside brute force and PostgreSQL.

    python -m bench.matching --preset small|full [--out FILE] [--profile]

Generates a synthetic Kabupaten Bekasi (bench.synthetic), fits PartnerModel on it, then
times suggestions in both directions for both kinds. In the same run and for the same
query vectors it times scikit-learn's exact `NearestNeighbors(metric="cosine",
algorithm="brute")` over the model's SVD-reduced vectors, measures how many of the exact
ten nearest the IVF index retrieves, and, when DATABASE_URL is a PostgreSQL URL, times
full-text search (`ts_rank` over a GIN-indexed tsvector) on the same texts. Prints a table
with each target as PASS or FAIL; writes every figure to artifacts/bench-<preset>.json.

The fit runs with BLAS and OpenMP held to one thread (--fit-threads 0 leaves them to the
libraries): on a 2-core machine shared with other processes, scikit-learn's OpenMP k-means
spins against them and the index build takes about ten times longer. Queries, ours and
brute force alike, run with the libraries' own thread settings.
"""

import argparse
import cProfile
import gc
import io
import json
import os
import platform
import pstats
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import scipy
import sklearn
from threadpoolctl import threadpool_info, threadpool_limits
from tqdm import tqdm

import ml
from bench import incremental, serving, synthetic
from ml import persist
from ml.hubs import business_vectors
from ml.index import project
from ml.model import PartnerModel
from ml.records import KINDS

PRESETS = {
    "tiny": dict(
        businesses=2_000, companies=200, exact_limit=300, queries=30, rounds=1, warmup=5,
        brute_queries=30, pg_budget=5.0,
    ),
    "small": dict(
        businesses=50_000, companies=5_000, exact_limit=5_000, rounds=1, brute_queries=100,
        pg_budget=3.0,
    ),
    "full": dict(
        businesses=1_000_000, companies=100_000, exact_limit=20_000, recall_queries=25,
        refit_recall_queries=0,  # a second full fit: ask with --refit-recall-queries N
    ),
}  # fmt: skip
DEFAULTS = dict(
    candidates=200, pool=4_000, n_components=96, n_probe=32, queries=200, rounds=3, warmup=20,
    brute_queries=200, pg_budget=60.0, seed=0, fit_threads=1, recall_queries=50,
    cached_docs=1, refit_share=1, refit_recall_queries=200,
)  # fmt: skip
MODEL_PARAMETERS = ("exact_limit", "candidates", "pool", "n_components", "n_probe")
COUNTS = (
    "businesses", "companies", "queries", "rounds", "brute_queries", "fit_threads", "seed",
    "recall_queries", "cached_docs", "refit_share", "refit_recall_queries",
)  # fmt: skip
# Issue 15's targets for the full preset (fit, peak, p95 and refit were 120 s, 6 GiB,
# 10 ms and none before).
TARGETS = dict(
    fit_s=60.0, peak_gib=4.0, p95_ms=5.0, speedup=10.0, model_recall=0.95, refit_s=10.0
)  # fmt: skip
TOP = 10
ROOT = Path(__file__).resolve().parent.parent


class Clock:
    """Stage lines with elapsed seconds on stderr; silent when quiet."""

    def __init__(self, quiet: bool = False):
        self.quiet, self.started = quiet, time.perf_counter()

    def __call__(self, message: str) -> None:
        if not self.quiet:
            print(f"[{time.perf_counter() - self.started:7.1f}s] {message}", file=sys.stderr)

    def bar(self, items, label: str):
        return tqdm(items, desc=label, file=sys.stderr, disable=self.quiet, leave=False)


def rss_gib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**30


def peak_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # KiB on Linux


def pss_gib(pid: int) -> float:
    """Proportional set size: pages shared with forked workers count once across them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            return next(int(line.split()[1]) for line in rollup if line.startswith("Pss:")) / 2**20
    except (OSError, StopIteration):
        return 0.0


def children(pid: int) -> list[int]:
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children") as listed:
                found += [int(child) for child in listed.read().split()]
        except OSError:
            continue
    return found


class MemoryWatch(threading.Thread):
    """Peak memory of this process and its worker processes while a block runs.

    This process's own peak is the kernel's high-water mark; while worker processes
    exist (the fit normalises text across cores), the PSS of all of them together is
    sampled every second, since each worker's own peak is invisible from here.
    """

    def __init__(self):
        super().__init__(daemon=True)
        self.done, self.with_workers = threading.Event(), 0.0

    def run(self) -> None:
        while not self.done.wait(1.0):
            workers = children(os.getpid())
            if workers:
                together = pss_gib(os.getpid()) + sum(map(pss_gib, workers))
                self.with_workers = max(self.with_workers, together)

    def __enter__(self) -> "MemoryWatch":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.done.set()
        self.join()

    @property
    def peak(self) -> float:
        return max(peak_gib(), self.with_workers)


def cpu_seconds() -> float:
    """CPU time of this process and of its finished worker processes."""
    own, workers = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def percentiles(seconds) -> dict:
    ms = np.asarray(seconds, dtype=float) * 1000
    if ms.size == 0:
        return {"n": 0}
    p50, p95, p99 = np.percentile(ms, [50, 95, 99])
    return {"n": int(ms.size), "p50": p50, "p95": p95, "p99": p99, "mean": float(ms.mean())}


# --- building and fitting -----------------------------------------------------------------------


def build(config: dict, clock: Clock, profile: Path | None = None) -> tuple:
    """Generate the data and fit the model; returns (model, businesses, offers, figures)."""
    gc.disable()  # a million records: collections would only re-walk live objects
    started = time.perf_counter()
    businesses, offers = synthetic.generate(
        config["businesses"], config["companies"], seed=config["seed"], progress=clock
    )
    figures = {"generate_s": time.perf_counter() - started, "offers": len(offers)}
    figures |= normalise_once(businesses, offers, config, clock)
    gc.enable()
    gc.collect()
    figures["rss_before_fit_gib"] = rss_gib()
    model = PartnerModel(**{name: config[name] for name in MODEL_PARAMETERS})
    figures |= fit(model, businesses, offers, config, clock, profile)
    clock(f"fitted in {figures['fit_s']:.1f}s, peak {figures['peak_after_fit_gib']:.2f} GiB")
    return model, businesses, offers, figures


def normalise_once(businesses, offers, config: dict, clock) -> dict:
    """Each profile's normalised text, made before the fit as the app makes it when a
    profile is saved (ml.docs), so the fit is timed as production runs it; --cached-docs 0
    leaves it to the fit, as before the cache."""
    if not config["cached_docs"]:
        return {}
    figures = incremental.cache_docs(businesses, offers)
    clock(f"normalised every profile's text once in {figures['normalise_once_s']:.1f}s")
    return figures


def refit(model: PartnerModel, businesses, offers, config: dict, clock) -> dict:
    """The incremental refit after config["refit_share"] % of the profiles changed."""
    if not config["refit_share"]:
        return {}
    with threadpool_limits(limits=config["fit_threads"] or None):
        return incremental.measure_refit(model, businesses, offers, config, clock)


def fit(model: PartnerModel, businesses, offers, config: dict, clock, profile) -> dict:
    """Fit time (wall and CPU, workers included), time per stage, and peak memory."""
    stages: list = []

    def progress(message: str) -> None:
        stages.append((message, time.perf_counter(), peak_gib()))
        clock(f"fit: {message}")

    profiler = cProfile.Profile() if profile else None
    figures = {"load_average_before_fit": os.getloadavg()[0]}
    cpu, started = cpu_seconds(), time.perf_counter()
    with MemoryWatch() as memory, threadpool_limits(limits=config["fit_threads"] or None):
        if profiler:
            profiler.enable()
        model.fit(businesses, offers, progress=progress)
        if profiler:
            profiler.disable()
    ended = time.perf_counter()
    figures |= {"fit_s": ended - started, "fit_cpu_s": cpu_seconds() - cpu}
    figures["load_average_after_fit"] = os.getloadavg()[0]
    figures["peak_after_fit_gib"] = memory.peak
    figures["peak_fit_workers_pss_gib"] = memory.with_workers
    marks = [*stages, ("end", ended, peak_gib())]
    pairs = list(zip(marks, marks[1:], strict=False))
    figures["fit_stages_s"] = {stage: end - start for (stage, start, _), (_, end, _) in pairs}
    # this process's high-water mark when each stage ended (workers' memory not included)
    figures["fit_stages_peak_gib"] = {stage: peak for (stage, _, _), (_, _, peak) in pairs}
    if profiler:
        figures["profile"] = save_profile(profiler, profile)
    return figures


def save_profile(profiler: cProfile.Profile, path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    profiler.dump_stats(path)
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(30)
    print(text.getvalue(), file=sys.stderr)
    return str(path)


# --- directions ---------------------------------------------------------------------------------


def directions(model: PartnerModel, config: dict, rng) -> list[dict]:
    """What each direction asks: query ids, our call, and (for brute force) its vectors."""
    offers = model.offers_.columns
    open_offer = offers["alive"] & offers["available"]
    is_kind = {kind: offers["kind"] == (kind == "mentoring") for kind in KINDS}
    n = config["queries"]
    found = [business_queries(model, kind, open_offer & is_kind[kind], n, rng) for kind in KINDS]
    found += [offer_queries(model, kind, open_offer & is_kind[kind], n, rng) for kind in KINDS]
    for kind in KINDS:
        companies = np.unique(offers["company"][open_offer & is_kind[kind]])
        found.append(
            dict(
                name=f"company → businesses ({kind})",
                ask=lambda i, kind=kind: model.suggest_for_company(i, kind, top=TOP),
                ids=rng.choice(companies, size=n).tolist(),
            )
        )
    return found


def business_queries(model: PartnerModel, kind: str, allowed, n: int, rng) -> dict:
    side = model.businesses_
    rows = rng.choice(len(side), size=min(n, len(side)), replace=False)
    return dict(
        name=f"business → companies ({kind})",
        ask=lambda i: model.suggest_for_business(i, kind, top=TOP),
        ids=[side.records[r].id for r in rows],
        index=f"offer:{kind}",
        queries=business_vectors(model, kind, rows),
        searched=model.offers_.matrices["text"],
        allowed=allowed,
        texts=[business_text(side.records[r], kind) for r in rows],
        pg=("offer", kind),
    )


def offer_queries(model: PartnerModel, kind: str, open_offer, n: int, rng) -> dict:
    side, businesses = model.offers_, model.businesses_
    candidates = np.flatnonzero(open_offer)
    rows = rng.choice(candidates, size=min(n, candidates.size), replace=False)
    return dict(
        name=f"offer → businesses ({kind})",
        ask=lambda i: model.suggest_for_offer(i, top=TOP),
        ids=[side.records[r].id for r in rows],
        index=f"business:{kind}",
        queries=side.matrices["text"][rows],
        searched=business_vectors(model, kind),
        allowed=businesses.columns["alive"] & businesses.columns["accepting"],
        texts=[offer_text(side.records[r]) for r in rows],
        pg=("business", kind),
    )


def business_text(record, kind: str) -> str:
    return record.mentoring_needs if kind == "mentoring" else f"{record.name} {record.text}"


def offer_text(record) -> str:
    return f"{record.title} {record.text}"


def time_ours(direction: dict, config: dict, clock: Clock) -> dict:
    """Latency of our full suggestion call (retrieval, scoring, reasons), pooled over rounds."""
    ask, ids = direction["ask"], direction["ids"]
    for i in ids[: config["warmup"]]:
        ask(i)
    rounds, pooled = [], []
    for r in range(config["rounds"]):
        seconds, empty = [], 0
        for i in clock.bar(ids, f"{direction['name']} round {r + 1}"):
            started = time.perf_counter()
            found = ask(i)
            seconds.append(time.perf_counter() - started)
            empty += not found
        rounds.append(percentiles(seconds))
        pooled += seconds
    return {**percentiles(pooled), "rounds": rounds, "empty_answers": empty}


def model_recall(model: PartnerModel, direction: dict, config: dict, clock: Clock) -> float:
    """Share of the exact model's top ten (every candidate scored by the full model, no
    index) that the served, indexed call returns, over the direction's first queries."""
    ask, ids = direction["ask"], direction["ids"][: config["recall_queries"]]
    served = [[_key(s) for s in ask(i)] for i in ids]
    model.exhaustive = True  # no index, no shortlist: every allowed row scored in full
    try:
        exact = [[_key(s) for s in ask(i)] for i in clock.bar(ids, f"{direction['name']} exact")]
    finally:
        del model.exhaustive
    shares = [len(set(a) & set(b)) / len(b) for a, b in zip(served, exact, strict=True) if b]
    return float(np.mean(shares)) if shares else 1.0


def _key(suggestion) -> tuple[int, int]:
    return suggestion.business_id, suggestion.company_id


def compare_brute(model: PartnerModel, direction: dict, config: dict, clock: Clock) -> dict:
    """Exact maximum-inner-product neighbours by brute force over the same reduced vectors
    (one matrix product), the IVF candidates for the same queries, and how many of the
    exact ten the candidates hold."""
    index = model.indexes_.get(direction["index"])
    if index is None:
        return {"note": "side at or below exact_limit: every row is scored, no index"}
    allowed_rows = np.flatnonzero(direction["allowed"])
    searched = project(index.projection_, direction["searched"])[allowed_rows]
    queries = project(index.projection_, direction["queries"])
    usable = direction["queries"].getnnz(axis=1) > 0  # empty texts skip the index
    brute_s, ivf_s, in_candidates, in_top = [], [], [], []
    measured = np.flatnonzero(usable)[: config["brute_queries"]]
    for q in clock.bar(measured, f"{direction['name']} brute + IVF"):
        started = time.perf_counter()
        scores = searched @ queries[q]
        exact = np.argpartition(-scores, TOP)[:TOP]
        brute_s.append(time.perf_counter() - started)
        started = time.perf_counter()
        candidates = index.search(queries[q], model.pool, direction["allowed"])
        ivf_s.append(time.perf_counter() - started)
        exact = set(allowed_rows[exact].tolist())
        in_candidates.append(len(exact & set(candidates.tolist())) / len(exact))
        in_top.append(len(exact & set(candidates[:TOP].tolist())) / len(exact))
    del searched
    return {
        "rows": int(allowed_rows.size),
        "brute": percentiles(brute_s),
        "ivf_search": percentiles(ivf_s),
        "recall_at_10_in_candidates": float(np.mean(in_candidates)),
        "recall_10_at_10": float(np.mean(in_top)),
        "queries_without_terms": int((~usable).sum()),
    }


# --- PostgreSQL full-text search ----------------------------------------------------------------

PG_TABLES = {
    "bench_fts_business": (
        "CREATE UNLOGGED TABLE bench_fts_business (id bigint NOT NULL, work_text text,"
        " needs_text text,"
        " work tsvector GENERATED ALWAYS AS (to_tsvector('simple', work_text)) STORED,"
        " needs tsvector GENERATED ALWAYS AS (to_tsvector('simple', needs_text)) STORED)",
        "COPY bench_fts_business (id, work_text, needs_text) FROM STDIN",
        (
            "CREATE INDEX bench_fts_business_work ON bench_fts_business USING gin (work)",
            "CREATE INDEX bench_fts_business_needs ON bench_fts_business USING gin (needs)",
        ),
    ),
    "bench_fts_offer": (
        "CREATE UNLOGGED TABLE bench_fts_offer (id bigint NOT NULL, mentoring boolean NOT NULL,"
        " doc_text text,"
        " doc tsvector GENERATED ALWAYS AS (to_tsvector('simple', doc_text)) STORED)",
        "COPY bench_fts_offer (id, mentoring, doc_text) FROM STDIN",
        ("CREATE INDEX bench_fts_offer_doc ON bench_fts_offer USING gin (doc)",),
    ),
}
PG_QUERIES = {
    ("offer", "subcontracting"): (
        "SELECT id FROM bench_fts_offer, to_tsquery('simple', %s) q"
        " WHERE NOT mentoring AND doc @@ q ORDER BY ts_rank(doc, q) DESC LIMIT 10"
    ),
    ("offer", "mentoring"): (
        "SELECT id FROM bench_fts_offer, to_tsquery('simple', %s) q"
        " WHERE mentoring AND doc @@ q ORDER BY ts_rank(doc, q) DESC LIMIT 10"
    ),
    ("business", "subcontracting"): (
        "SELECT id FROM bench_fts_business, to_tsquery('simple', %s) q"
        " WHERE work @@ q ORDER BY ts_rank(work, q) DESC LIMIT 10"
    ),
    ("business", "mentoring"): (
        "SELECT id FROM bench_fts_business, to_tsquery('simple', %s) q"
        " WHERE needs @@ q ORDER BY ts_rank(needs, q) DESC LIMIT 10"
    ),
}
_WORD = re.compile(r"[a-z0-9]+")


def is_postgres(url: str | None) -> bool:
    return bool(url) and re.match(r"postgres(ql)?(\+\w+)?://", url) is not None


def postgres(url, businesses, offers, found: list[dict], config: dict, clock: Clock) -> dict:
    """Load the same texts into GIN-indexed tsvector tables, time OR-ed ts_rank queries, and
    drop the tables again. Skipped, with a note, unless `url` is a PostgreSQL URL."""
    if not is_postgres(url):
        return {"note": "skipped: DATABASE_URL is not a PostgreSQL URL"}
    import psycopg

    url = re.sub(r"^postgres(ql)?\+\w+://", "postgresql://", url)  # SQLAlchemy spelling
    rows = {
        "bench_fts_business": ((b.id, f"{b.name} {b.text}", b.mentoring_needs) for b in businesses),
        "bench_fts_offer": ((o.id, o.kind == "mentoring", offer_text(o)) for o in offers),
    }
    try:
        connection = psycopg.connect(url, autocommit=True)
    except psycopg.OperationalError as error:
        return {"note": f"skipped: cannot connect ({str(error).strip().splitlines()[0]})"}
    with connection:
        try:
            version = connection.info.server_version  # e.g. 150020
            figures = {"server": f"{version // 10000}.{version % 10000}", "tables": {}}
            figures["directions"] = {}
            for table, source in rows.items():
                figures["tables"][table] = pg_load(connection, table, source, clock)
            connection.execute("SET statement_timeout = '30s'")
            for direction in found:
                if "pg" in direction:
                    figures["directions"][direction["name"]] = pg_time(
                        connection, direction, config, clock
                    )
            return figures
        finally:
            for table in PG_TABLES:
                drop_table(connection, table)


def drop_table(connection, table: str) -> None:
    from psycopg import sql

    connection.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(table)))


def pg_load(connection, table: str, rows, clock: Clock) -> dict:
    from psycopg import sql

    create, copy_sql, indexes = PG_TABLES[table]
    clock(f"PostgreSQL: loading {table}")
    drop_table(connection, table)
    started = time.perf_counter()
    connection.execute(create)
    with connection.cursor() as cursor, cursor.copy(copy_sql) as copy:
        for row in rows:
            copy.write_row(row)
    loaded = time.perf_counter()
    for statement in indexes:
        connection.execute(statement)
    connection.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(table)))
    indexed = time.perf_counter()
    size = connection.execute("SELECT pg_total_relation_size(%s)", (table,)).fetchone()[0]
    return {
        "load_s": loaded - started,
        "index_s": indexed - loaded,
        "load_and_index_s": indexed - started,
        "size_mib": size / 2**20,
    }


def pg_time(connection, direction: dict, config: dict, clock: Clock) -> dict:
    """ts_rank latency for the direction's query texts, within a time budget."""
    from psycopg.errors import QueryCanceled

    sql = PG_QUERIES[direction["pg"]]
    queries = [" | ".join(dict.fromkeys(_WORD.findall(t.lower()))) for t in direction["texts"]]
    queries = [q for q in queries if q]
    seconds, timeouts, deadline = [], 0, time.perf_counter() + config["pg_budget"]
    for i, q in enumerate(clock.bar(queries, f"{direction['name']} PostgreSQL")):
        started = time.perf_counter()
        try:
            connection.execute(sql, (q,)).fetchall()
        except QueryCanceled:  # statement_timeout: counted at the time it took
            timeouts += 1
        if i >= 2:  # the first two warm the cache
            seconds.append(time.perf_counter() - started)
        if started > deadline:
            break
    words = float(np.mean([q.count("|") + 1 for q in queries]))
    return {**percentiles(seconds), "words_per_query": words, "timeouts": timeouts}


# --- the run and its report ---------------------------------------------------------------------


def machine() -> dict:
    info = {
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "sklearn": sklearn.__version__,
        "thread_pools": [
            f"{pool['internal_api']} ({pool['user_api']}): {pool['num_threads']} threads"
            for pool in threadpool_info()
        ],
    }
    with open("/proc/meminfo") as meminfo:
        info["memory_gib"] = int(meminfo.readline().split()[1]) / 2**20
    with open("/proc/cpuinfo") as cpuinfo:
        info["cpu"] = next(
            (line.split(":", 1)[1].strip() for line in cpuinfo if "model name" in line), ""
        )
    return info


def source() -> dict:
    """Which ml/ was measured: its directory, commit, and whether it had uncommitted edits."""
    where = Path(ml.__file__).resolve().parent
    git = ["git", "-C", str(where)]
    try:
        commit = subprocess.run(  # noqa: S603 (fixed arguments)
            [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        changes = subprocess.run(  # noqa: S603 (fixed arguments)
            [*git, "status", "--porcelain", "--", "."], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return {"ml": str(where), "commit": None, "uncommitted": None}
    return {"ml": str(where), "commit": commit, "uncommitted": bool(changes)}


def run(config: dict, database_url: str | None, clock: Clock, profile: Path | None = None) -> dict:
    """Every figure of one benchmark run, as a JSON-ready dict."""
    model, businesses, offers, figures = build(config, clock, profile)
    report = {"config": config, "machine": machine(), "source": source(), **figures}
    report["serving"] = serving_figures(model, clock)
    report["directions"] = []
    found = directions(model, config, np.random.default_rng(config["seed"] + 1))
    for direction in found:
        clock(f"querying {direction['name']}")
        entry = {"name": direction["name"], "ours": time_ours(direction, config, clock)}
        entry["model_recall_at_10"] = model_recall(model, direction, config, clock)
        if "index" in direction:
            entry.update(compare_brute(model, direction, config, clock))
        report["directions"].append(entry)
    report["refit"] = refit(model, businesses, offers, config, clock)
    report["postgres"] = postgres(database_url, businesses, offers, found, config, clock)
    for entry in report["directions"]:
        entry["postgres"] = report["postgres"].get("directions", {}).get(entry["name"])
        if "brute" in entry:
            # Like for like: the same query vectors, the same filter, searched by brute force
            # for ten and by the index for all its candidates (more work, not less).
            entry["speedup_p50"] = entry["brute"]["p50"] / entry["ivf_search"]["p50"]
            entry["speedup_p95"] = entry["brute"]["p95"] / entry["ivf_search"]["p95"]
            # And the whole suggestion call, which also scores and explains, against it.
            entry["full_call_speedup_p50"] = entry["brute"]["p50"] / entry["ours"]["p50"]
    report["peak_overall_gib"] = peak_gib()
    report["targets"] = evaluate(report)
    return report


def serving_figures(model: PartnerModel, clock: Clock) -> dict:
    """The model saved as servers load it, and what it costs a server (bench.serving)."""
    clock("measuring a server's memory: the model mapped by 1 and by 3 workers")
    with tempfile.TemporaryDirectory(prefix="bench-model-") as folder:
        path = Path(folder) / "partner-model.bin"
        started = time.perf_counter()
        persist.save(model, path)
        save_s = time.perf_counter() - started
        return {"save_s": save_s, **serving.measure(path)}


def evaluate(report: dict) -> list[dict]:
    """Each target with its measured value and PASS or FAIL."""
    checks = [
        (f"fit ≤ {TARGETS['fit_s']:g} s", report["fit_s"], TARGETS["fit_s"], "s", False),
        (
            f"peak memory ≤ {TARGETS['peak_gib']:g} GiB (fit, workers included)",
            report["peak_after_fit_gib"],
            TARGETS["peak_gib"],
            "GiB",
            False,
        ),
    ]
    if report.get("refit"):
        refit_s = report["refit"]["seconds"]
        checks.append(("refit ≤ 10 s after 1 % changed", refit_s, TARGETS["refit_s"], "s", False))
    served = report["serving"]
    checks.append(
        (
            "each extra worker ≤ 25 % of the model (MiB)",
            served["per_extra_worker_mib"],
            0.25 * served["model_mib"],
            "MiB",
            False,
        )
    )
    for entry in report["directions"]:
        checks.append(
            (
                f"p95 ≤ {TARGETS['p95_ms']:g} ms: {entry['name']}",
                entry["ours"]["p95"],
                TARGETS["p95_ms"],
                "ms",
                False,
            )
        )
        checks.append(
            (
                f"model recall@10 ≥ 0.95: {entry['name']}",
                entry["model_recall_at_10"],
                TARGETS["model_recall"],
                "",
                True,
            )
        )
        if "speedup_p50" in entry:
            checks.append(
                (
                    f"≥ 10× brute force (search, same vectors): {entry['name']}",
                    entry["speedup_p50"],
                    TARGETS["speedup"],
                    "×",
                    True,
                )
            )
    return [
        {"target": name, "value": value, "limit": limit, "unit": unit,
         "result": "PASS" if (value >= limit if at_least else value <= limit) else "FAIL"}
        for name, value, limit, unit, at_least in checks
    ]  # fmt: skip


def render(report: dict) -> str:
    """The report as a table for people."""
    c, m = report["config"], report["machine"]
    lines = [
        f"Mitra Bekasi matching benchmark — preset {c['preset']}: {c['businesses']:,} businesses,"
        f" {c['companies']:,} companies ({report['offers']:,} offers)",
        f"machine: {m['cores_usable']} cores ({m['cpu']}), {m['memory_gib']:.1f} GiB RAM;"
        f" Python {m['python']}, numpy {m['numpy']}, scipy {m['scipy']},"
        f" scikit-learn {m['sklearn']}",
        f"ml/: {report['source']['ml']} at {report['source']['commit'] or 'unknown commit'}"
        + (" with uncommitted changes" if report["source"]["uncommitted"] else ""),
        "model: " + ", ".join(f"{name}={c[name]:,}" for name in MODEL_PARAMETERS)
        + f"; {c['queries']} queries per direction × {c['rounds']} rounds"
        + f" after {c['warmup']} warm-up ({c['brute_queries']} for brute force)",
        f"fit threads (BLAS, OpenMP): {c['fit_threads'] or 'as the libraries choose'};"
        + " queries and brute force: " + "; ".join(m["thread_pools"]),
        *(
            [
                f"median of {len(report['runs'])} runs, each in its own process; fit per run: "
                + ", ".join(f"{r['fit_s']:.1f} s" for r in report["runs"])
                + "; peak memory per run: "
                + ", ".join(f"{r['peak_after_fit_gib']:.2f} GiB" for r in report["runs"])
            ]
            if "runs" in report
            else []
        ),
        "",
        f"generate   {report['generate_s']:8.1f} s",
        *render_incremental(report),
        f"fit        {report['fit_s']:8.1f} s   ({report['fit_cpu_s']:.1f} s CPU; load average"
        f" {report['load_average_before_fit']:.1f} before, {report['load_average_after_fit']:.1f}"
        " after, other processes included)",
        *(
            f"    {stage:52} {s:7.1f} s   peak by its end {peak:5.2f} GiB"
            for (stage, s), peak in zip(
                report["fit_stages_s"].items(), report["fit_stages_peak_gib"].values(), strict=True
            )
        ),
        f"memory     {report['peak_after_fit_gib']:8.2f} GiB peak during fit, workers' PSS included"
        f" (RSS before fit"
        f" {report['rss_before_fit_gib']:.2f} GiB;"
        f" {report['peak_overall_gib']:.2f} GiB peak overall)",
        f"serving    model file {report['serving']['model_file_mib']:,.0f} MiB, saved in"
        f" {report['serving']['save_s']:.1f} s, mapped in {report['serving']['load_s']:.2f} s;"
        f" in one worker {report['serving']['model_mib']:,.0f} MiB (PSS rise: load and"
        f" {report['serving']['queries_per_worker']} calls per direction and kind);"
        f" each extra worker {report['serving']['per_extra_worker_mib']:,.1f} MiB"
        f" ({report['serving']['workers']} workers vs 1)",
        "",
        f"{'direction':38} {'ours p50/p95 ms':>16} {'empty':>6} {'IVF p50/p95':>12}"
        f" {'brute p50/p95 ms':>17} {'× search':>9} {'× call':>7} {'recall@10 cand/top':>19}"
        f" {'model r@10':>10} {'PG FTS p50/p95 ms':>19}",
    ]  # fmt: skip
    for e in report["directions"]:
        lines.append(
            f"{e['name']:38} {pair(e['ours']):>16} {e['ours']['empty_answers']:>6}"
            f" {pair(e.get('ivf_search')):>12} {pair(e.get('brute')):>17}"
            f" {fmt(e.get('speedup_p50'), '×'):>9} {fmt(e.get('full_call_speedup_p50'), '×'):>7}"
            f" {recall(e):>19} {e['model_recall_at_10']:>10.3f} {pair(e.get('postgres')):>19}"
        )
    lines += [
        "ours: the full suggestion call (retrieval, scoring, reasons); empty: of those queries,"
        " how many got no suggestion;",
        "IVF: the index search alone, for the same query vectors and filter as brute force"
        " (exact inner products over every allowed row, one numpy matrix product);",
        "× search: brute p50 / IVF p50, like for like (IVF returns"
        f" {report['config']['pool']} candidates, brute force ten);"
        " × call: brute p50 / ours p50, though ours also scores and explains;",
        "recall@10: share of the exact ten nearest (brute force)"
        f" among our {report['config']['pool']} IVF candidates / among the IVF top ten;",
        "model r@10: share of the exact model's top ten (every candidate scored by the full"
        " model) that the served, indexed call returns",
    ]
    pg = report["postgres"]
    lines.append("")
    if "note" in pg:
        lines.append(f"PostgreSQL full-text search: {pg['note']}")
    else:
        lines.append(f"PostgreSQL {pg['server']} full-text search (ts_rank, GIN, words OR-ed):")
        for table, t in pg["tables"].items():
            lines.append(
                f"  {table}: load {t['load_s']:.1f} s + index {t['index_s']:.1f} s"
                f" = {t['load_and_index_s']:.1f} s, {t['size_mib']:.0f} MiB"
            )
        for name, d in pg["directions"].items():
            lines.append(
                f"  {name}: {d['n']} queries in the {report['config']['pg_budget']:.0f} s budget,"
                f" {d['words_per_query']:.0f} words OR-ed each, {d['timeouts']} timed out (30 s)"
            )
    lines += ["", "targets (set for the full preset, 1,000,000 businesses)"]
    for t in report["targets"]:
        lines.append(f"  {t['target']:62} {t['value']:10.2f} {t['unit']:4} {t['result']}")
    return "\n".join(lines)


def render_incremental(report: dict) -> list[str]:
    """The lines on text normalised once and on the incremental refit."""
    lines = []
    if "normalise_once_s" in report:
        lines.append(
            f"normalise  {report['normalise_once_s']:8.1f} s   every profile's text, once"
            " (kept with the profile in production, so not part of the fit below)"
        )
    r = report.get("refit")
    if r:
        agreement = r.get("recall_at_10_vs_full_fit")
        lines.append(
            f"refit      {r['seconds']:8.1f} s   after {r['share_pct']:g} % changed"
            f" ({r['changed_businesses']:,} businesses and {r['changed_offers']:,} offers new"
            f" or edited, {r['removed_businesses']:,} and {r['removed_offers']:,} removed)"
            + (
                "; recall@10 against a full fit: "
                + ", ".join(f"{name} {value:.3f}" for name, value in agreement.items())
                if agreement
                else ""
            )
        )
    return lines


def fmt(value, unit: str = "") -> str:
    return "—" if value is None else f"{value:.1f}{unit}" if value >= 10 else f"{value:.2f}{unit}"


def pair(figures: dict | None) -> str:
    if not figures or not figures.get("n"):
        return "—"
    return f"{fmt(figures['p50'])}/{fmt(figures['p95'])}"


def recall(entry: dict) -> str:
    if "recall_at_10_in_candidates" not in entry:
        return "—"
    return f"{entry['recall_at_10_in_candidates']:.3f}/{entry['recall_10_at_10']:.3f}"


def config_from(args: argparse.Namespace) -> dict:
    config = {**DEFAULTS, **PRESETS[args.preset], "preset": args.preset}
    for name in (*MODEL_PARAMETERS, *COUNTS, "pg_budget"):
        if getattr(args, name) is not None:
            config[name] = getattr(args, name)
    return config


def repeat(argv: list[str], runs: int, out: Path) -> list[dict]:
    """Run the benchmark `runs` times, each in a fresh process (so each run's peak memory
    is its own), and return their reports."""
    reports = []
    for number in range(1, runs + 1):
        print(f"run {number} of {runs}", file=sys.stderr, flush=True)
        path = out.with_name(f"{out.stem}-run{number}.json")
        command = [sys.executable, "-m", "bench.matching", *without(argv, "--runs", "--out")]
        subprocess.run(  # noqa: S603 (this module, with the caller's own arguments)
            [*command, "--out", str(path)], check=True, stdout=subprocess.DEVNULL
        )
        reports.append(json.loads(path.read_text()))
    return reports


def without(argv: list[str], *options: str) -> list[str]:
    """argv less the given options and their values (as "--name value" or "--name=value")."""
    kept, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg in options:
            skip = True
        elif not arg.startswith(tuple(f"{o}=" for o in options)):
            kept.append(arg)
    return kept


def median_report(reports: list[dict]) -> dict:
    """One report whose every figure is the median of the runs' figures; the targets are
    judged on those medians."""

    def merge(values: list):
        first = values[0]
        if isinstance(first, dict):
            return {key: merge([v[key] for v in values if key in v]) for key in first}
        if isinstance(first, list) and all(
            isinstance(v, list) and len(v) == len(first) for v in values
        ):
            return [merge(list(items)) for items in zip(*values, strict=True)]
        if isinstance(first, int | float) and not isinstance(first, bool):
            if all(v == first for v in values):
                return first
            middle = float(np.median(values))
            return round(middle) if all(isinstance(v, int) for v in values) else middle
        return first

    report = merge(reports)
    report["runs"] = [
        {"fit_s": r["fit_s"], "peak_after_fit_gib": r["peak_after_fit_gib"]} for r in reports
    ]
    report["targets"] = evaluate(report)
    return report


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, write the JSON report."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.matching", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--preset", choices=PRESETS, default="small")
    parser.add_argument(
        "--out", type=Path, help="JSON report (default artifacts/bench-<preset>.json)"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile the fit (artifacts/…prof)")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    for name in (*MODEL_PARAMETERS, *COUNTS):
        parser.add_argument(f"--{name.replace('_', '-')}", type=int, dest=name)
    parser.add_argument(
        "--pg-budget", type=float, help="seconds of PostgreSQL queries per direction"
    )
    parser.add_argument(
        "--runs", type=int, default=1, help="whole runs, each in its own process; medians reported"
    )
    args = parser.parse_args(argv)
    config = config_from(args)
    out = args.out or ROOT / "artifacts" / f"bench-{args.preset}.json"
    if args.runs > 1:
        report = median_report(repeat(argv or sys.argv[1:], args.runs, out))
    else:
        profile = out.with_suffix(".fit.prof") if args.profile else None
        report = run(config, os.environ.get("DATABASE_URL"), Clock(args.quiet), profile)
    print(render(report))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, default=float, ensure_ascii=False) + "\n")
    print(f"\nreport: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

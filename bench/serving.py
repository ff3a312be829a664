"""What a saved model costs a server: resident memory in one worker, and per extra worker.

A server is measured as gunicorn runs the app (gunicorn.conf.py: preload, gc.freeze before
forking): a fresh process imports the libraries, then forks its workers; each worker maps
the model file (ml.persist.load) and answers suggestions in every direction. Memory is the
proportional set size (PSS), in which a page shared by n processes counts 1/n in each, so
summing the server's processes counts the shared model once.

- `model_mib`: the PSS rise of the one worker of a one-worker server, from before loading
  the model to after loading it and answering the queries (the pages it touched).
- `per_extra_worker_mib`: (server PSS with k workers - server PSS with 1) / (k - 1), every
  worker having answered the same number of queries.

Run as `python -m bench.serving MODEL_FILE --workers K --queries N` it is that server,
and prints its figures as JSON; `measure()` runs it for 1 and k workers.
"""

import argparse
import gc
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

MIB = 2**20


def pss_mib(pid: int | str = "self") -> float:
    with open(f"/proc/{pid}/smaps_rollup") as rollup:
        return next(int(line.split()[1]) for line in rollup if line.startswith("Pss:")) / 1024


def measure(path: Path, workers: int = 3, queries: int = 200, seed: int = 0) -> dict:
    """Serve `path` with one worker, then with `workers`; the figures of both."""
    one, many = (_serve(path, k, queries, seed) for k in (1, workers))
    extra = (many["server_pss_mib"] - one["server_pss_mib"]) / (workers - 1)
    model = one["workers"][0]["pss_rise_mib"]
    return {
        "model_file_mib": path.stat().st_size / MIB,
        "model_mib": model,
        "model_mib_loaded_only": one["workers"][0]["load_rise_mib"],
        "load_s": one["workers"][0]["load_s"],
        "per_extra_worker_mib": extra,
        "extra_share_of_model": extra / model if model else None,
        "workers": workers,
        "queries_per_worker": queries,
        "server_pss_mib": {"1": one["server_pss_mib"], str(workers): many["server_pss_mib"]},
        "query_p95_ms": max(w["p95_ms"] for w in many["workers"]),
    }


def _serve(path: Path, workers: int, queries: int, seed: int) -> dict:
    command = [sys.executable, "-m", "bench.serving", str(path), "--workers", str(workers)]
    command += ["--queries", str(queries), "--seed", str(seed)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603  # nosec B603
    return json.loads(done.stdout)


def _worker(path: str, queries: int, seed: int, report, ready, go) -> None:
    """One worker: map the model, answer queries, report, wait until the server measured."""
    from ml import persist

    before = pss_mib()
    started = time.perf_counter()
    model = persist.load(path)
    load_s = time.perf_counter() - started
    loaded = pss_mib()
    seconds = _answer(model, queries, np.random.default_rng(seed))
    after = pss_mib()
    report.send(
        {
            "load_s": load_s,
            "load_rise_mib": loaded - before,
            "pss_rise_mib": after - before,
            "p95_ms": float(np.percentile(seconds, 95) * 1000),
        }
    )
    ready.set()
    go.wait()


def _answer(model, queries: int, rng) -> list[float]:
    """`queries` suggestion calls in each direction and kind, for random live rows."""
    businesses, offers = model.businesses_, model.offers_
    b_rows = rng.integers(0, len(businesses), queries)
    o_rows = rng.integers(0, len(offers), queries)
    seconds = []
    for kind in ("subcontracting", "mentoring"):
        for b_row, o_row in zip(b_rows, o_rows, strict=True):
            started = time.perf_counter()
            model.suggest_for_business(businesses.records[b_row].id, kind)
            model.suggest_for_offer(offers.records[o_row].id)
            model.suggest_for_company(offers.records[o_row].company_id, kind)
            seconds.append((time.perf_counter() - started) / 3)
    return seconds


def main(argv: list[str] | None = None) -> int:
    import multiprocessing

    import ml.model  # noqa: F401  # what the server imports before forking (--preload)

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    gc.freeze()  # as gunicorn.conf.py does before forking: workers' collections skip these
    fork = multiprocessing.get_context("fork")
    go, pipes, processes = fork.Event(), [], []
    for i in range(args.workers):
        mine, theirs = fork.Pipe()
        ready = fork.Event()
        worker = fork.Process(
            target=_worker, args=(args.path, args.queries, args.seed + i, theirs, ready, go)
        )
        worker.start()
        pipes.append((mine, ready))
        processes.append(worker)
    reports = []
    for pipe, ready in pipes:
        ready.wait()
        reports.append(pipe.recv())
    # Every worker holds its model and has answered: the server as it stands.
    server = pss_mib(os.getpid()) + sum(pss_mib(p.pid) for p in processes)
    go.set()
    for worker in processes:
        worker.join()
    print(json.dumps({"server_pss_mib": server, "workers": reports}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A throwaway PostgreSQL cluster of the machine's own version, to restart at will.

The fault checks stop and crash PostgreSQL under load; doing that to the machine's main
cluster would break whatever else uses it at the time (other suites, other people's test
runs), so they get a cluster of their own: initdb into a temporary folder owned by the
`postgres` user, served on a free loopback port, removed afterwards.
"""

# Every command run here is PostgreSQL's own tooling with fixed arguments.
# ruff: noqa: S603, S607

import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

from qa.live import free_port


def bin_dir() -> Path:
    """The newest installed PostgreSQL's programs (e.g. /usr/lib/postgresql/15/bin)."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3])
    )
    if not versions:
        raise SystemExit("PostgreSQL server programs not found under /usr/lib/postgresql")
    return versions[-1].parent


@dataclass
class Cluster:
    folder: Path
    port: int
    bin: Path

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/qa_faults"

    def ctl(self, *args: str) -> None:
        """pg_ctl as the postgres user, waiting for the action to finish."""
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(self.bin / "pg_ctl"),
             "-D", str(self.folder / "data"), "-l", str(self.folder / "server.log"),
             "-w", "-t", "60", *args],
            check=True, capture_output=True, text=True,
        )  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self.ctl("-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        self.ctl("-m", mode, "stop")

    def ready(self) -> bool:
        try:
            with psycopg.connect(self.url.replace("/qa_faults", "/postgres"), connect_timeout=1):
                return True
        except psycopg.Error:
            return False

    def wait_ready(self, timeout: float = 30) -> float:
        """Seconds until the server accepts connections."""
        started = time.monotonic()
        while not self.ready():
            if time.monotonic() - started > timeout:
                raise SystemExit(f"PostgreSQL on port {self.port} did not come back in {timeout} s")
            time.sleep(0.1)
        return time.monotonic() - started


@contextmanager
def private_cluster() -> Iterator[Cluster]:
    """initdb, start, yield, stop and remove."""
    folder = Path(tempfile.mkdtemp(prefix="mitra-faults-pg-"))
    shutil.chown(folder, "postgres", "postgres")
    cluster = Cluster(folder, free_port(), bin_dir())
    try:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(cluster.bin / "initdb"),
             "-D", str(folder / "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8",
             "--locale", "C.UTF-8", "--no-sync"],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        cluster.start()
        cluster.wait_ready()
        yield cluster
    finally:
        if (folder / "data" / "postmaster.pid").exists():
            subprocess.run(
                ["runuser", "-u", "postgres", "--", str(cluster.bin / "pg_ctl"), "-D",
                 str(folder / "data"), "-m", "immediate", "-w", "stop"],
                check=False, capture_output=True,
            )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)

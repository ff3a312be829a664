"""The load suite's PostgreSQL database: the demo set and logins, a synthetic province
(bench/synthetic.py, the matching benchmark's generator) loaded with COPY, the accounts
the load users log in with, and a model trained on it all.

    python -m qa.load.data --database-url postgresql://postgres@127.0.0.1:5432/qa_load

A database that already holds the same counts and a model file is reused (`--fresh`
drops and recreates it). Load accounts (password LOAD_PASSWORD):
owner00001@load.mitra … each owning one synthetic business, with the API bearer token
`token_for("owner", n)`; csr0001@load.mitra … approved CSR staff of one synthetic
company each; officials use the demo login official@demo.mitra.
"""

# Test data only: fixed commands (flask), SQL built from this module's own table names,
# known passwords and a seeded generator are the point here.
# ruff: noqa: S105, S311, S603, S608

import argparse
import csv
import hashlib
import random
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from werkzeug.security import generate_password_hash

from bench import synthetic
from ml.records import BusinessRecord, OfferRecord
from qa.live import BIN, ROOT, environment

ARTIFACTS = ROOT / "qa" / "artifacts" / "load"
REFERENCE = ROOT / "matchmaker" / "reference" / "data"
LOAD_PASSWORD = "mitra-load-2026"
DEMO_PASSWORD = "mitra-demo-2026"  # the demo logins (matchmaker/demo.py)
DOMAIN = "load.mitra"
SIZES = {"full": (100_000, 10_000), "small": (20_000, 2_000), "tiny": (3_000, 300)}
OWNERS, CSRS = 2_000, 200  # load accounts: enough owners that the daily limit never bites


def token_for(role: str, number: int) -> str:
    """The API bearer token of a load account (test data: deterministic on purpose)."""
    return f"qa-load-{role}-{number:05d}-token"


def owner_email(number: int) -> str:
    return f"owner{number:05d}@{DOMAIN}"


def csr_email(number: int) -> str:
    return f"csr{number:04d}@{DOMAIN}"


def model_path(database_url: str) -> Path:
    """MODEL_PATH for this database: each published version's local copy lies beside it,
    named after it (model-<database>-v<version>-<sha256 prefix>.pkl)."""
    return ARTIFACTS / f"model-{urlsplit(database_url).path.strip('/')}.pkl"


def model_file(database_url: str) -> Path | None:
    """The local copy of a published version downloaded or trained here, if any."""
    base = model_path(database_url)
    found = sorted(base.parent.glob(f"{base.stem}-v*{base.suffix}"))
    return found[-1] if found else None


def published(database_url: str) -> bool:
    """Whether the database holds a published (ready) model version."""
    try:
        with psycopg.connect(libpq(database_url), connect_timeout=5) as conn:
            row = conn.execute("SELECT 1 FROM model_version WHERE status = 'ready' LIMIT 1")
            return row.fetchone() is not None
    except psycopg.Error:
        return False


class Progress:
    """Stage lines with the seconds since the start, on stderr."""

    def __init__(self) -> None:
        self.started = time.monotonic()

    def __call__(self, message: str) -> None:
        print(f"[{time.monotonic() - self.started:6.1f} s] {message}", file=sys.stderr, flush=True)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started


def libpq(database_url: str) -> str:
    """A URL psycopg accepts (no SQLAlchemy driver suffix)."""
    return database_url.replace("postgresql+psycopg://", "postgresql://")


def marker(n_businesses: int, n_companies: int) -> str:
    """The database comment written once a load finished (and read to reuse it): a
    database migrated to an older schema is loaded again, not served half-migrated."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(ROOT / "migrations")).get_current_head()
    return f"qa.load: {n_businesses} businesses, {n_companies} companies, schema {head}, trained"


def loaded_marker(database_url: str) -> str | None:
    """The database's comment, or None when it is missing or unreachable."""
    name = urlsplit(libpq(database_url)).path.strip("/")
    try:
        with psycopg.connect(libpq(database_url), connect_timeout=5) as conn:
            return conn.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                (name,),
            ).fetchone()[0]
    except psycopg.Error:
        return None


def counts(database_url: str) -> dict:
    """Rows of the tables the load reads."""
    with psycopg.connect(libpq(database_url), connect_timeout=5) as conn:
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "businesses": one("SELECT count(*) FROM small_business"),
            "companies": one("SELECT count(*) FROM company"),
            "needs": one("SELECT count(*) FROM subcontracting_need"),
            "programmes": one("SELECT count(*) FROM mentoring_programme"),
            "load_owners": one(f"SELECT count(*) FROM \"user\" WHERE email LIKE 'owner%@{DOMAIN}'"),
            "load_csr": one(f"SELECT count(*) FROM \"user\" WHERE email LIKE 'csr%@{DOMAIN}'"),
        }


def recreate(database_url: str) -> None:
    """Drop and create the database named in the URL."""
    parts = urlsplit(libpq(database_url))
    name = parts.path.strip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def flask(env: dict, *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "flask"), "--app", "matchmaker", *args],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return done.stdout + done.stderr


def prepare(database_url: str, n_businesses: int, n_companies: int, fresh: bool = False) -> dict:
    """Load (or reuse) the database and its model; returns what was done and how long."""
    say = Progress()
    model = model_path(database_url)
    env = environment(ARTIFACTS, database_url, MODEL_PATH=str(model))
    name = urlsplit(libpq(database_url)).path.strip("/")
    done = marker(n_businesses, n_companies)
    if not fresh and loaded_marker(database_url) == done and published(database_url):
        found = counts(database_url)
        say(f"reusing {name} (loaded before): {found}")
        return {"reused": True, "seconds": say.elapsed, "counts": found}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    say(f"dropping and creating the database {name}")
    recreate(database_url)
    flask(env, "init-db")
    say("migrated; loading the demo set and logins")
    flask(env, "seed-demo")
    say(f"generating {n_businesses:,} businesses and {n_companies:,} companies")
    businesses, offers = synthetic.generate(n_businesses, n_companies, seed=2026, progress=say)
    with psycopg.connect(libpq(database_url)) as conn:
        load(conn, businesses, offers, say)
    say("training the model (flask train)")
    for line in flask(env, "train").splitlines():
        if not line.startswith("  …"):
            say("  " + line.strip())
    with psycopg.connect(libpq(database_url), autocommit=True) as conn:
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{done}'")
    found = counts(database_url)
    say(f"ready: {found}")
    return {"reused": False, "seconds": say.elapsed, "counts": found}


def load(conn: psycopg.Connection, businesses, offers, say) -> None:
    """COPY companies, needs, programmes, load accounts, businesses and tokens."""
    rng = random.Random(2026)
    ref = Reference(conn)
    now = datetime.now(UTC)
    earlier = now - timedelta(days=1)  # older than the model, so workers need no sync
    company_ids, next_id = {}, {t: ref.next_id(t) for t in TABLES}
    for offer in offers:
        company_ids.setdefault(offer.company_id, next_id["company"] + len(company_ids))
    copy(conn, "company", (company_row(o, company_ids, ref, earlier) for o in first_offers(offers)))
    need_rows, programme_rows = offer_rows(offers, company_ids, next_id, earlier)
    copy(conn, "subcontracting_need", need_rows)
    copy(conn, "mentoring_programme", programme_rows)
    say(f"companies {len(company_ids):,}, offers {len(offers):,} copied")
    digest = generate_password_hash(LOAD_PASSWORD)
    owners = min(OWNERS, len(businesses))
    users = [
        user_row(next_id["user"] + i, owner_email(i + 1), digest, "owner", None, now)
        for i in range(owners)
    ]
    first_companies = sorted(company_ids.values())[:CSRS]
    for number, company_id in enumerate(first_companies, start=1):
        uid = next_id["user"] + len(users)
        users.append(user_row(uid, csr_email(number), digest, "csr", company_id, now))
    copy(conn, "user", users)
    business_rows = (
        business_row(next_id["small_business"] + i, record, ref, rng, earlier,
                     next_id["user"] + i if i < owners else None)
        for i, record in enumerate(businesses)
    )  # fmt: skip
    copy(conn, "small_business", business_rows)
    say(f"businesses {len(businesses):,} and {len(users):,} load accounts copied")
    tokens = [
        (next_id["api_token"] + i, next_id["user"] + i, sha256(token_for("owner", i + 1)), now,
         now + timedelta(days=365))
        for i in range(owners)
    ]  # fmt: skip
    copy(conn, "api_token", tokens)
    for table in TABLES:
        conn.execute(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM \"{table}\"))")
    for table in ("small_business", "company", "subcontracting_need", "mentoring_programme"):
        # The demo set too: each worker's first suggestion re-reads every profile edited
        # in the minute before the model file was written (services._sync).
        conn.execute(
            f"UPDATE {table} SET updated_at = %s WHERE updated_at > %s", (earlier, earlier)
        )
    conn.commit()
    conn.autocommit = True
    conn.execute("VACUUM ANALYZE")  # fresh statistics and visibility map: the plans of production


TABLES = ("company", "subcontracting_need", "mentoring_programme", "user", "small_business",
          "api_token")  # fmt: skip
COLUMNS = {
    "company": "id, name, estate_id, kecamatan_id, kbli_code, kbli_edition, description, website,"
    " contact_email, contact_phone, accepting_requests, created_at, updated_at",
    "subcontracting_need": "id, company_id, title, description, volume, volume_unit, deadline,"
    " is_open, created_at, updated_at",
    "mentoring_programme": "id, company_id, title, focus, description, capacity, start_date,"
    " end_date, is_open, created_at, updated_at",
    "user": "id, email, password_hash, name, phone, role, locale, is_active_account, consent_at,"
    " created_at, last_login_at, session_nonce, company_id, membership",
    "small_business": "id, owner_id, name, owner_name, trade, kbli_code, kbli_edition,"
    " kecamatan_id, address, description, products, capabilities, equipment, certifications,"
    " capacity_per_month, capacity_unit, employees, founded_year, mentoring_needs,"
    " training_history, phone, email, accepting_requests, created_at, updated_at, tags,"
    " tags_edited",
    "api_token": "id, user_id, digest, created_at, expires_at",
}


def copy(conn: psycopg.Connection, table: str, rows) -> None:
    with conn.cursor() as cursor, cursor.copy(f'COPY "{table}" ({COLUMNS[table]}) FROM STDIN') as c:
        for row in rows:
            c.write_row(row)


class Reference:
    """Ids of kecamatan and estates by name, and which KBLI edition holds a code."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self.conn = conn
        self.kecamatan = dict(conn.execute("SELECT name, id FROM kecamatan").fetchall())
        self.estate = {
            name: (eid, kid)
            for name, eid, kid in conn.execute(
                "SELECT short_name, id, kecamatan_id FROM industrial_estate"
            ).fetchall()
        }
        with (REFERENCE / "kbli2020.csv").open(encoding="utf-8") as handle:
            self.kbli2020 = {row["code"] for row in csv.DictReader(handle)}

    def next_id(self, table: str) -> int:
        return self.conn.execute(f'SELECT coalesce(max(id), 0) + 1 FROM "{table}"').fetchone()[0]

    def edition(self, code: str) -> int:
        return 2020 if code in self.kbli2020 else 2025


def first_offers(offers: list[OfferRecord]):
    seen = set()
    for offer in offers:
        if offer.company_id not in seen:
            seen.add(offer.company_id)
            yield offer


def company_row(offer: OfferRecord, ids: dict, ref: Reference, when: datetime) -> tuple:
    estate_id, kecamatan_id = ref.estate.get(offer.place, (None, ref.kecamatan.get(offer.place)))
    cid = ids[offer.company_id]
    slug = f"c{cid}"
    return (cid, offer.company_name, estate_id, kecamatan_id, offer.kbli, ref.edition(offer.kbli),
            f"{offer.company_name}, {offer.place}.", "", f"csr@{slug}.{DOMAIN}",
            f"+6221{cid:07d}", offer.accepting, when, when)  # fmt: skip


def offer_rows(offers, company_ids: dict, next_id: dict, when: datetime) -> tuple[list, list]:
    needs, programmes = [], []
    for offer in offers:
        cid = company_ids[offer.company_id]
        if offer.kind == "subcontracting":
            needs.append((next_id["subcontracting_need"] + len(needs), cid, offer.title[:160],
                          offer.text, offer.volume, offer.volume_unit, None, offer.is_open,
                          when, when))  # fmt: skip
        else:
            seats = offer.seats_left if offer.seats_left else 10
            programmes.append((next_id["mentoring_programme"] + len(programmes), cid,
                               offer.title[:160], offer.text, "", seats, None, None,
                               offer.is_open, when, when))  # fmt: skip
    return needs, programmes


def user_row(uid: int, email: str, digest: str, role: str, company_id, now) -> tuple:
    name = email.split("@")[0].replace("owner", "Pemilik ").replace("csr", "Staf CSR ")
    membership = "approved" if role == "csr" else None
    return (uid, email, digest, name, "", role, "id", True, now, now, None,
            hashlib.md5(email.encode()).hexdigest()[:16], company_id, membership)  # noqa: S324  # fmt: skip


def business_row(bid: int, record: BusinessRecord, ref: Reference, rng, when, owner_id) -> tuple:
    phone = f"+628{rng.randint(11, 59)}{rng.randint(10_000_000, 99_999_999)}"
    return (bid, owner_id, record.name[:120], rng.choice(synthetic.NICKS), record.trade,
            record.kbli, ref.edition(record.kbli), ref.kecamatan[record.kecamatan], "",
            record.text, "", "", "", "", record.capacity_per_month, "",
            record.employees, rng.randint(2005, 2025), record.mentoring_needs, "", phone, "",
            record.accepting, when, when, ",".join(record.tags), False)  # fmt: skip


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    """Prepare the load database from the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m qa.load.data", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/qa_load")
    parser.add_argument("--size", choices=SIZES, default="full")
    parser.add_argument("--fresh", action="store_true", help="drop and reload even if loaded")
    args = parser.parse_args(argv)
    done = prepare(args.database_url, *SIZES[args.size], fresh=args.fresh)
    print(f"database {'reused' if done['reused'] else 'prepared'} in {done['seconds']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

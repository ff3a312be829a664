"""What the attack tools aim at: URLs with query parameters per role, and what to avoid.

Every query parameter below is read by a search or filter that ends in SQL. The CI
list keeps one URL per kind of query; SECURITY_FULL=1 adds the rest.
"""

# (role, path with query, full-only). Values are realistic so each page answers 200.
SQLMAP_GET = [
    ("owner", "/usaha?q=bubut&trade=machining&tag=welding&sector=25&kecamatan=Setu", False),
    ("owner", "/perusahaan?q=bubut&sector=29&kecamatan=Cikarang+Barat&estate=MM2100", False),
    ("owner", "/rekomendasi?kind=subcontracting&estate=MM2100&km=20&sector=29", True),
    ("owner", "/perkenalan?status=accepted", True),
    ("csr", "/usaha?q=las&trade=welding&kecamatan=Tambun+Selatan", True),
    ("csr", "/perkenalan?status=proposed", False),
    ("official", "/petugas/peserta?q=andi&status=trained&kecamatan=Setu", False),
    (
        "official",
        "/petugas/audit?action=user.login&object_type=user&actor=1"
        "&since=2024-01-01&until=2030-12-31",
        False,
    ),  # fmt: skip
    ("official", "/petugas/angkatan?year=2024&seksi=ILMO&trade=machining", True),
    ("official", "/petugas/dasbor?seksi=ILMO&year_from=2019&year_to=2026&wub_only=1", True),
    ("official", "/petugas/meja?seksi=ILMO&trade=machining&estate=MM2100&kind=mentoring", True),
    ("official", "/petugas/pemantauan?interval=90", True),
]

# The same searches through the API, with the role's bearer token.
SQLMAP_API = [
    (
        "official",
        "/api/v1/businesses?q=bubut&trade=machining&sector=25&kecamatan=Setu&limit=10",
        False,
    ),  # fmt: skip
    ("official", "/api/v1/participants?q=andi&status=trained&kecamatan=Setu&cohort=1", False),
    ("owner", "/api/v1/companies?q=bubut&sector=29&kecamatan=Setu&estate=MM2100", True),
    ("owner", "/api/v1/introductions?status=accepted&limit=10", True),
    ("official", "/api/v1/cohorts?year=2024&seksi=ILMO&trade=machining", True),
    ("official", "/api/v1/dashboard?seksi=ILMO&year_from=2019&year_to=2026", True),
    ("official", "/api/v1/targets?year=2026", True),
    ("official", "/api/v1/visits/overdue?interval=90&limit=5", True),
]

# Forms posted anonymously (the CSRF token is fetched afresh for each request).
SQLMAP_FORMS = [
    ("/masuk", "email=owner%40demo.mitra&password=salah-sekali", False),
    ("/lupa-sandi", "email=owner%40demo.mitra", True),
]

# Never crawled or attacked: they end the tool's own session (or all of them, with the
# API tokens), switch its language, or delete its account.
WAPITI_EXCLUDE = [
    "/keluar*",
    "/akun/keluar-semua*",
    "/akun/token/*",
    "/bahasa/*",
    "/akun/hapus*",
    "/akun/sandi*",
    "/static/*",
]

# Where wapiti starts for each role (beyond the home page); its crawl follows links.
WAPITI_START = {
    "anonymous": ["/masuk?next=/usaha", "/daftar", "/lupa-sandi"],
    "owner": ["/usaha?q=bubut", "/perusahaan?q=las", "/rekomendasi", "/perkenalan", "/akun"],
    "csr": ["/perusahaan/saya", "/usaha?q=las", "/perkenalan", "/kotak-masuk"],
    "official": [
        "/petugas/peserta?q=a",
        "/petugas/audit?action=x",
        "/petugas/angkatan",
        "/petugas/meja",
        "/petugas/dasbor",
    ],  # fmt: skip
}


def chosen(rows: list[tuple], full: bool) -> list[tuple]:
    """The rows for this run: all of them with SECURITY_FULL, else the CI ones."""
    return [row[:-1] for row in rows if full or not row[-1]]

"""How the dashboard's figures are drawn and tabled: bar geometry for the chart macros
(templates/wub/dashboard/_charts.html), and each figure as a table with the same numbers for
the page, the report and the CSV/XLSX downloads.

A chart is HTML text beside bars drawn as SVG stretched to the room they have (shares of
100, preserveAspectRatio="none"), so its words keep the page's type size on a 360 px
phone, a wide screen and an A4 page alike (an SVG scaled as a whole shrank its labels to
8 px on a phone), with no JavaScript and no chart library.
"""

from dataclasses import dataclass, field

from flask_babel import format_number, format_percent
from flask_babel import gettext as _

from matchmaker.wub.dashboard.figures import Dashboard
from matchmaker.wub.dashboard.filters import Count


def number(value) -> str:
    """A count as Indonesians write it (1.234), or "–" for none."""
    return "–" if value is None else format_number(value)


def percent(part: int, whole: int | None) -> str:
    """part/whole as a percentage in the reader's locale, or "–" when whole is 0 or none."""
    return format_percent(part / whole, "#,##0%") if whole else "–"


def _share(value: int | None, top: int) -> float | None:
    return None if value is None else round(100 * value / top, 1)


def hbars(counts: list[Count]) -> list[dict]:
    """Horizontal bars, one per count, each as a share of the largest."""
    top = max((c.count for c in counts), default=0) or 1
    return [{"label": c.label, "text": number(c.count), "share": _share(c.count, top)}
            for c in counts]  # fmt: skip


def target_columns(dash: Dashboard) -> dict:
    """WUB per year as bars, with the year's Department target (and the Seksi's) marked."""
    rows = dash.per_year
    values = [r.wub for r in rows] + [t for r in rows for t in (r.department, r.seksi) if t]
    top = max(values, default=0) or 1
    bars = [
        {
            "label": str(row.year),
            "text": number(row.wub),
            "share": _share(row.wub, top),
            "department": _share(row.department, top),
            "seksi": _share(row.seksi, top) if dash.filters.seksi else None,
        }
        for row in rows
    ]
    return {"bars": bars, "seksi": bool(dash.filters.seksi)}


def funnel(stages: list[tuple[str, int]]) -> list[dict]:
    """Centred bars narrowing from the first stage, each with its share of the first."""
    whole = stages[0][1] if stages else 0
    bars = []
    for label, value in stages:
        share = round(100 * value / whole, 1) if whole else 0
        bars.append(
            {
                "label": label,
                "text": f"{number(value)} ({percent(value, whole)})",
                "share": share,
                "x": round((100 - share) / 2, 1),
            }
        )
    return bars


def operating_counts(dash: Dashboard) -> list[Count]:
    """Operating or not at the latest visit, as bars."""
    m = dash.monitoring
    return [
        Count("operating", _("Beroperasi"), m.operating),
        Count("not_operating", _("Tidak beroperasi"), m.not_operating),
    ]


def funnel_stages(row) -> list[tuple[str, int]]:
    """A funnel row's stages, labelled."""
    return [
        (_("Lulus pelatihan"), row.trained),
        (_("Mulai usaha"), row.started),
        (_("Beroperasi/berkembang"), row.operating),
    ]


# --- tables ------------------------------------------------------------------------------------


@dataclass
class Table:
    """A figure as a table: the same numbers as its chart, for reading and downloading."""

    slug: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)


def _counts(
    slug: str, title: str, head: str, counts: list[Count], unit: str, by_key: bool = False
) -> Table:
    rows = [[c.key if by_key else c.label, c.count] for c in counts]
    return Table(slug, title, [head, unit], rows)


def _per_year(dash: Dashboard) -> Table:
    columns = [_("Tahun"), _("WUB"), _("Target Dinas"), _("Target Kabupaten")]
    if dash.filters.seksi:
        columns.append(_("Target Seksi %(code)s", code=dash.filters.seksi))
    columns.append(_("Capaian target Dinas (%)"))
    rows = []
    for r in [*dash.per_year, dash.period]:
        row = [r.year, r.wub, r.department, r.regency]
        if dash.filters.seksi:
            row.append(r.seksi)
        row.append(round(100 * r.wub / r.department, 1) if r.department else None)
        rows.append(row)
    first, last = dash.period_years[0], dash.period_years[-1]
    rows[-1][0] = _("Periode %(first)d–%(last)d", first=first, last=last)
    return Table("wub-per-tahun", _("WUB per tahun dan target"), columns, rows)


def _funnel(dash: Dashboard) -> Table:
    columns = [
        _("Bulan setelah lulus"),
        _("Lulus pelatihan"),
        _("Mulai usaha"),
        _("Beroperasi/berkembang"),
    ]
    rows = [[f.months, f.trained, f.started, f.operating] for f in dash.funnel]
    return Table("corong", _("Dari pelatihan ke usaha berjalan"), columns, rows)


def _monitoring(dash: Dashboard) -> Table:
    m = dash.monitoring
    rows = [
        [_("Peserta yang pernah dikunjungi"), m.visited],
        [_("Beroperasi pada kunjungan terakhir"), m.operating],
        [_("Tidak beroperasi pada kunjungan terakhir"), m.not_operating],
        [_("Median jumlah karyawan"), m.median_employees],
    ]
    return Table("pemantauan", _("Hasil pemantauan"), [_("Ukuran"), _("Nilai")], rows)


def tables(dash: Dashboard) -> dict[str, Table]:
    """Every figure of the dashboard as a table, by its download name."""
    p, m, people = dash.partnerships, dash.monitoring, _("Jumlah WUB")
    found = [
        _per_year(dash),
        _counts(
            "wub-per-bidang", _("WUB per bidang usaha"), _("Bidang usaha"), dash.by_trade, people
        ),
        _counts(
            "wub-per-kecamatan", _("WUB per kecamatan"), _("Kecamatan"), dash.by_kecamatan, people
        ),
        _funnel(dash),
        _counts(
            "kemitraan-jenis", _("Kemitraan per jenis"), _("Jenis"), p.by_kind, _("Perkenalan")
        ),
        _counts(
            "kemitraan-kawasan",
            _("Kemitraan per kawasan industri"),
            _("Kawasan industri"),
            p.by_estate,
            _("Perkenalan"),
        ),
        _counts(
            "kemitraan-tahap", _("Kemitraan per tahap"), _("Tahap"), p.by_state, _("Perkenalan")
        ),
        _monitoring(dash),
        _counts(
            "pemantauan-omzet",
            _("Omzet per bulan (kunjungan terakhir)"),
            _("Omzet"),
            m.revenue,
            _("Usaha"),
        ),
        _counts(
            "pemantauan-masalah",
            _("Masalah yang dihadapi (kunjungan terakhir)"),
            _("Masalah"),
            m.problems,
            _("Usaha"),
        ),
        _counts(
            "kunjungan-per-bulan",
            _("Kunjungan pemantauan per bulan"),
            _("Bulan"),
            m.per_month,
            _("Kunjungan"),
            by_key=True,
        ),
    ]
    return {t.slug: t for t in found}


SLUGS = (
    "wub-per-tahun", "wub-per-bidang", "wub-per-kecamatan", "corong", "kemitraan-jenis",
    "kemitraan-kawasan", "kemitraan-tahap", "pemantauan", "pemantauan-omzet",
    "pemantauan-masalah", "kunjungan-per-bulan",
)  # fmt: skip

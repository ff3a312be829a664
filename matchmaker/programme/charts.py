"""How the dashboard's figures are drawn and tabled: SVG geometry for the chart macros
(templates/_macros/charts.html), and each figure as a table with the same numbers for
the page, the report and the CSV/XLSX downloads.

Charts are drawn on a fixed viewBox and scaled by the browser, so a chart fits a
360 px phone and an A4 page alike, with no JavaScript and no chart library.
"""

from dataclasses import dataclass, field

from flask_babel import format_number, format_percent
from flask_babel import gettext as _

from matchmaker.programme.dashboard import Count, Dashboard

WIDTH = 400  # viewBox width of every chart
ROW = 26  # height of one horizontal bar's row
LABEL_WIDTH = 150  # room for the labels left of horizontal bars
LABEL_CHARS = 20  # longer labels are cut in the chart (the table has them whole)


def number(value) -> str:
    """A count as Indonesians write it (1.234), or "–" for none."""
    return "–" if value is None else format_number(value)


def percent(part: int, whole: int | None) -> str:
    """part/whole as a percentage in the reader's locale, or "–" when whole is 0 or none."""
    return format_percent(part / whole, "#,##0%") if whole else "–"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def hbars(counts: list[Count]) -> dict:
    """Horizontal bars, one row per count, scaled to the largest."""
    top = max((c.count for c in counts), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 48
    bars = [
        {
            "label": c.label,
            "short": _short(c.label),
            "text": number(c.count),
            "y": i * ROW,
            "width": round(room * c.count / top, 1),
        }
        for i, c in enumerate(counts)
    ]
    return {"width": WIDTH, "height": max(len(bars), 1) * ROW, "x": LABEL_WIDTH, "bars": bars}


def target_columns(dash: Dashboard) -> dict:
    """WUB per year as columns, each year's Department target (and the Seksi's) as a line."""
    rows = dash.per_year
    height, left, bottom = 220, 44, 22
    plot = height - bottom - 8
    values = [r.wub for r in rows] + [t for r in rows for t in (r.department, r.seksi) if t]
    top = max(values, default=0) or 1
    slot = (WIDTH - left) / max(len(rows), 1)

    def y(value: int) -> float:
        return round(8 + plot - plot * value / top, 1)

    columns = []
    for i, row in enumerate(rows):
        x = left + i * slot
        columns.append(
            {
                "year": row.year,
                "x": round(x + slot * 0.2, 1),
                "width": round(slot * 0.6, 1),
                "y": y(row.wub),
                "height": round(plot * row.wub / top, 1),
                "centre": round(x + slot / 2, 1),
                "line": (round(x + slot * 0.08, 1), round(x + slot * 0.92, 1)),
                "department": y(row.department) if row.department is not None else None,
                "seksi": y(row.seksi) if row.seksi is not None else None,
                "text": _(
                    "%(year)d: %(wub)s WUB, target %(target)s",
                    year=row.year,
                    wub=number(row.wub),
                    target=number(row.department),
                ),
            }
        )
    ticks = [{"y": y(v), "text": number(v)} for v in sorted({0, top // 2, top})]
    return {
        "width": WIDTH,
        "height": height,
        "left": left,
        "base": y(0),
        "columns": columns,
        "ticks": ticks,
        "seksi": bool(dash.filters.seksi),
    }


def funnel(stages: list[tuple[str, int]]) -> dict:
    """Centred bars narrowing from the first stage, each with its share of the first."""
    whole = stages[0][1] if stages else 0
    bars = []
    for i, (label, value) in enumerate(stages):
        width = round((WIDTH - 8) * value / whole, 1) if whole else 0
        bars.append(
            {
                "label": label,
                "text": f"{number(value)} ({percent(value, whole)})",
                "y": i * (ROW + 18),
                "x": round((WIDTH - width) / 2, 1),
                "width": width,
            }
        )
    return {"width": WIDTH, "height": len(stages) * (ROW + 18), "bars": bars}


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

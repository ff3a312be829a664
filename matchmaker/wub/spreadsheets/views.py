"""Officials' spreadsheet pages for the programme: upload a cohorts or participants file,
see every problem and what would change, confirm; download templates and lists."""

import io
import secrets
from pathlib import Path

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from matchmaker.auth.models import utcnow
from matchmaker.core import params
from matchmaker.core.exports import send_table
from matchmaker.core.extensions import db
from matchmaker.core.pages.web import official_required
from matchmaker.imports.tables import SUFFIXES, TableError
from matchmaker.reference.models import Kecamatan
from matchmaker.reference.services import find_kecamatan
from matchmaker.wub.cohorts.models import WubStatus
from matchmaker.wub.spreadsheets import exports, import_jobs, imports, sheets
from matchmaker.wub.spreadsheets.models import (
    CONFIRMABLE,
    DONE,
    ERROR,
    FAILED,
    KEPT_FOR,
    PREVIEW,
    PendingUpload,
)

# cli_group=None: `flask export-data`, beside `flask import-data`.
bp = Blueprint("programme_import", __name__, cli_group=None)
bp.cli.add_command(exports.export_data)

ACCEPT = "terima"  # the preview's checkboxes: suggestions the official accepts
KINDS = {"angkatan": "cohorts", "peserta": "participants"}
LISTS = {name: kind for kind, name in exports.FILE_NAMES.items()}
EXAMPLES = {  # by code: the template shows them as labels in the reader's language
    "cohorts": ["Logam Cepogo", 2024, "metal_crafts", "Cepogo, Boyolali", "ILMO",
                "01/07/2024", "14/07/2024", "APBD", 150_000_000],
    "participants": ["Agus Salim", "Logam Cepogo (2024)", "0812-3456-7890", "Setu", "slta",
                     "17/08/2003", "metal_crafts", "trained"],
}  # fmt: skip


@bp.get("/petugas/impor")
@official_required
def index():
    """The upload form, with the columns each kind of file needs."""
    return _upload_page(request.args.get("kind", ""), "")


def _upload_page(kind: str, error: str):
    headers = {k: sheets.headers(k, columns) for k, columns in imports.COLUMNS.items()}
    return render_template("wub/spreadsheets/import.html", kind=kind, error=error, headers=headers)


@bp.post("/petugas/impor")
@official_required
def upload():
    """Keep the uploaded file for a preview; nothing is imported yet."""
    kind = request.form.get("kind", "")
    file = request.files.get("file")
    error = ""
    if kind not in imports.COLUMNS:
        error = _("Pilih jenis data: angkatan atau peserta.")
    elif file is None or not file.filename:
        error = _("Pilih berkas .xlsx atau .csv.")
    elif Path(file.filename).suffix.lower() not in SUFFIXES:
        error = _(
            "Jenis berkas %(suffix)s tidak didukung. Gunakan .csv (UTF-8) atau .xlsx.",
            suffix=Path(file.filename).suffix or _("(tanpa akhiran)"),
        )
    if error:
        return _upload_page(kind, error), 422
    import_jobs.drop_expired_uploads.call_local()  # the hourly job, at once
    pending = PendingUpload(
        token=secrets.token_urlsafe(32),
        user_id=current_user.id,
        kind=kind,
        filename=Path(file.filename).name[:255],
        data=file.read(),
    )
    db.session.add(pending)
    db.session.commit()
    return redirect(url_for(".preview", token=pending.token))


def _pending(token: str) -> PendingUpload:
    """The caller's own upload, kept less than a day; anyone else's is not found."""
    pending = db.session.scalar(
        select(PendingUpload).where(
            PendingUpload.token == token,
            PendingUpload.user_id == current_user.id,
            PendingUpload.created_at >= utcnow() - KEPT_FOR,
        )
    )
    if pending is None:
        abort(404)
    return pending


def _accepted(values) -> list[str]:
    """The suggestions the official ticked (“terima”), each once, as sent."""
    return list(dict.fromkeys(v[:200] for v in values.getlist(ACCEPT)))[: sheets.MAX_ACCEPTED]


def _render_preview(
    pending: PendingUpload, outcome=None, error: str = "", status: int = 200, accepted=()
):
    if outcome is None and not error:
        try:
            table = imports.read(pending.kind, io.BytesIO(pending.data), pending.filename)
            outcome = imports.check(pending.kind, table, actor=current_user, accepted=accepted)
        except TableError as problem:
            error, status = str(problem), 422
    page = render_template(
        "wub/spreadsheets/import_preview.html",
        pending=pending,
        outcome=outcome,
        error=error,
        accept=ACCEPT,
    )
    return page, status


@bp.get("/petugas/impor/<token>")
@official_required
def preview(token: str):
    """Every problem by row and column, the counts, and the first rows as they will be
    saved; suggestions for values it cannot read, used only once ticked; nothing is saved
    yet. Once confirmed, the import's progress instead."""
    pending = _pending(token)
    if pending.state not in CONFIRMABLE:
        return redirect(url_for(".progress", token=token))
    return _render_preview(pending, accepted=_accepted(request.args))


@bp.post("/petugas/impor/<token>")
@official_required
def confirm(token: str):
    """Queue the import of the kept file (checked again by the job, with the suggestions
    the official accepted; all rows or none) and show its progress."""
    pending = _pending(token)
    import_jobs.queue(pending, _accepted(request.form))  # a second click changes nothing
    return redirect(url_for(".progress", token=token))


@bp.get("/petugas/impor/<token>/proses")
@official_required
def progress(token: str):
    """The import's progress, updated by the page's script (or a refresh without it); when
    done, what was saved; when a row stopped it, the preview with every problem."""
    pending = _pending(token)
    if pending.state == PREVIEW:
        return redirect(url_for(".preview", token=token))
    if pending.state == FAILED:
        return _render_preview(pending, accepted=pending.accepted or ())
    return render_template(
        "wub/spreadsheets/import_progress.html",
        pending=pending,
        status=import_jobs.status(pending),
        done=DONE,
    )


@bp.get("/petugas/impor/<token>/status")
@official_required
def progress_status(token: str):
    """The import's state as JSON, for the progress page to poll."""
    return import_jobs.status(_pending(token))


@bp.post("/petugas/impor/<token>/ulang")
@official_required
def retry(token: str):
    """Queue again an import whose worker stopped or that failed unexpectedly."""
    pending = _pending(token)
    if import_jobs.lost(pending) or pending.state == ERROR:
        import_jobs.queue(pending, pending.accepted or ())
    return redirect(url_for(".progress", token=token))


@bp.post("/petugas/impor/<token>/batal")
@official_required
def cancel(token: str):
    """Drop a kept upload without importing it (a running import stops, saving nothing)."""
    pending = _pending(token)
    if pending.state == DONE:
        return redirect(url_for(".progress", token=token))
    db.session.delete(pending)
    db.session.commit()
    flash(_("Unggahan dibatalkan; tidak ada data yang disimpan."), "info")
    return redirect(url_for(".index"))


@bp.get("/petugas/impor/templat/<any(angkatan, peserta):name>.xlsx")
@official_required
def template(name: str):
    """An empty workbook with the columns of one kind and an example row."""
    kind = KINDS[name]
    columns = imports.COLUMNS[kind]
    example = sheets.readable_row(columns, EXAMPLES[kind])
    return send_table(f"templat-{name}.xlsx", sheets.headers(kind, columns), [example])


@bp.get("/petugas/ekspor/<any(peserta, angkatan, kunjungan):name>.<any(csv, xlsx):fmt>")
@official_required
def export(name: str, fmt: str):
    """A list as CSV or XLSX, with the import's columns, narrowed by the page's filters."""
    kind = LISTS[name]
    args = request.args
    filters = {
        "participants": {
            "cohort_id": _record_filter("cohort"),
            "status": args.get("status", "") if args.get("status") in set(WubStatus) else "",
            "q": args.get("q", ""),
            "kecamatan_id": _kecamatan_filter(),
        },
        "cohorts": {
            "year": params.filter_argument(args, "year", params.YEAR, {}),  # as the cohorts page
            "seksi": args.get("seksi", ""),
            "trade": args.get("trade", ""),
        },
        "visits": {
            "cohort_id": _record_filter("cohort"),
            "participant_id": _record_filter("participant"),
        },
    }[kind]
    columns, rows = exports.readable_table(kind, **filters)
    stamp = utcnow().strftime("%Y%m%d")
    return send_table(f"{name}-{stamp}.{fmt}", columns, rows)


def _record_filter(name: str) -> int | None:
    """`?cohort=`/`?participant=` as an id (blank: every one); a value that names no
    record (not a number, past 2^63-1) is 404, not the whole list, nor an overflow."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    record_id = params.id_of(raw)
    if record_id is None:
        abort(404)
    return record_id


def _kecamatan_filter() -> int | None:
    """`?kecamatan=` as the participants page sends it (a name), or an id; 404 if unknown."""
    raw = request.args.get("kecamatan", "").strip()
    if not raw:
        return None
    found = find_kecamatan(raw[:100]) or (
        db.session.get(Kecamatan, record_id) if (record_id := params.id_of(raw)) else None
    )
    if found is None:
        abort(404)
    return found.id

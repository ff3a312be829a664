"""Telling people what happened: an inbox item each, and an e-mail if they want one.

E-mails go through the outbox (notifications.outbox): stored with the change they
announce and sent after it commits, so a failed request never mails anybody and a
failing mail server never fails a request.
"""

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update

from matchmaker.auth import privacy
from matchmaker.auth.models import User, utcnow
from matchmaker.core.extensions import db
from matchmaker.notifications import outbox
from matchmaker.notifications.models import EmailSetting, Notification, OutgoingEmail, Topic

MESSAGES = {
    "requested": _l("%(business)s meminta perkenalan dengan %(company)s."),
    "company_asked": _l("%(company)s ingin berkenalan dengan %(business)s."),
    "proposed": _l("Petugas mengusulkan perkenalan %(business)s dengan %(company)s."),
    "accepted": _l("%(business)s dan %(company)s sama-sama menerima. Kontak kini terlihat."),
    "declined": _l("Perkenalan %(business)s dengan %(company)s ditolak: %(reason)s."),
    "withdrawn": _l("Perkenalan %(business)s dengan %(company)s dibatalkan: %(reason)s."),
    "expired": _l("Perkenalan %(business)s dengan %(company)s kedaluwarsa tanpa jawaban."),
    "reminder": _l("Permintaan perkenalan %(business)s dengan %(company)s menunggu jawaban Anda."),
    "advanced": _l("Perkenalan %(business)s dengan %(company)s kini: %(status)s."),
    "message": _l("Pesan baru dari %(author)s tentang %(business)s – %(company)s."),
    "note": _l("Catatan kemajuan baru untuk kemitraan %(business)s – %(company)s."),
}
TOPIC_LABELS = {
    Topic.REQUESTS: _l("Permintaan perkenalan dan jawabannya"),
    Topic.MESSAGES: _l("Pesan baru"),
    Topic.REMINDERS: _l("Pengingat permintaan yang belum dijawab"),
    Topic.PROGRESS: _l("Kemajuan kemitraan"),
}


def render(notification: Notification) -> str:
    """The notification's text in the current language."""
    return str(MESSAGES[notification.message_key]) % notification.params


def notify(users, topic: Topic, key: str, params: dict, link: str = "") -> None:
    """An inbox item for each user (each once), and an e-mail (sent after commit) to
    those who have not turned e-mail off for `topic`."""
    seen = set()
    for user in users:
        if user is None or user.id in seen or not user.is_active_account:
            continue
        seen.add(user.id)
        item = Notification(user_id=user.id, topic=topic, message_key=key, params=params, link=link)
        item.emailed = email_wanted(user, topic)
        db.session.add(item)
        if item.emailed:
            outbox.enqueue(user, *compose(user.locale or "id", key, params, link))


def email_wanted(user: User, topic: Topic) -> bool:
    setting = db.session.scalar(select(EmailSetting).filter_by(user_id=user.id, topic=topic))
    return setting is None or setting.email


def email_choices(user: User) -> dict[Topic, bool]:
    settings = db.session.scalars(select(EmailSetting).filter_by(user_id=user.id))
    chosen = {s.topic: s.email for s in settings}
    return {topic: chosen.get(topic, True) for topic in Topic}


def set_email_choices(user: User, wanted: set[str]) -> None:
    """E-mail on for the topics in `wanted`, off for the others."""
    current = {
        s.topic: s for s in db.session.scalars(select(EmailSetting).filter_by(user_id=user.id))
    }
    for topic in Topic:
        setting = current.get(topic) or EmailSetting(user_id=user.id, topic=topic)
        setting.email = topic.value in wanted
        db.session.add(setting)
    db.session.commit()


def inbox(user: User):
    return select(Notification).filter_by(user_id=user.id).order_by(Notification.id.desc())


def unread_count(user: User) -> int:
    query = select(func.count()).select_from(Notification)
    return db.session.scalar(query.filter_by(user_id=user.id, read_at=None)) or 0


def mark_read(user: User, ids=None, link: str | None = None) -> int:
    """Mark the user's notifications read: all, those with the given ids, or those
    pointing at `link` (the page the user has just opened)."""
    statement = update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    if ids is not None:
        statement = statement.where(Notification.id.in_(list(ids)))
    if link is not None:
        statement = statement.where(Notification.link == link)
    count = db.session.execute(statement.values(read_at=utcnow())).rowcount
    db.session.commit()
    return count


def compose(locale: str, key: str, params: dict, link: str) -> tuple[str, str]:
    """The subject and body of a notification's e-mail, in the reader's language."""
    with force_locale(locale):
        text = str(MESSAGES[key]) % params
        footer = _("Buka di Mitra Bekasi:")
        settings = _("Atur e-mail yang Anda terima di halaman Akun.")
    url = current_app.config["PUBLIC_URL"].rstrip("/") + link if link else ""
    body = f"{text}\n\n{footer} {url}\n\n{settings}\n" if url else f"{text}\n\n{settings}\n"
    return f"Mitra Bekasi: {text}", body


@privacy.exports(place=30)
def notification_data(user: User) -> dict:
    """The user's inbox, for their data download."""
    return {
        "notifications": [
            {"text": render(n), "link": n.link, "at": n.created_at.isoformat()}
            for n in db.session.scalars(inbox(user))
        ]
    }


@privacy.erases
def erase_mail(user: User) -> None:
    """Mail not yet sent to the user (and its copies of others' names) goes with their
    account; PostgreSQL's ON DELETE CASCADE would do it, SQLite does not enforce it."""
    db.session.execute(delete(OutgoingEmail).where(OutgoingEmail.user_id == user.id))

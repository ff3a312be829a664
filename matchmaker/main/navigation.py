"""Where each role can go: the top menu (desktop, and folded on a phone), the bottom tab
bar on a phone, and the badges that count what waits for the user, so a phone shows
unread and pending items without opening any menu."""

from dataclasses import dataclass, field

from flask import g, request, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext, pgettext
from flask_login import current_user
from sqlalchemy import func, select

from matchmaker.auth.models import Membership, Role, User
from matchmaker.core.extensions import db
from matchmaker.main import todo


@dataclass
class Link:
    """One place in the menu: its label, endpoint (with arguments) and icon."""

    label: object
    endpoint: str
    icon: str = ""
    args: dict = field(default_factory=dict)
    # Endpoints (or blueprint names ending in ".") that count as being on this link.
    covers: tuple[str, ...] = ()
    badge: int = 0
    badge_label: str = ""
    is_current: bool = False

    @property
    def url(self) -> str:
        return url_for(self.endpoint, **self.args)

    def covers_page(self, here: str) -> bool:
        return any(here.startswith(c) if c.endswith(".") else here == c for c in self.covers)


@dataclass
class Group:
    """A dropdown of the top menu (on a phone, a list in the unfolded menu)."""

    label: object
    endpoint: str  # where the heading leads without JavaScript
    links: list[Link]
    is_current: bool = False

    @property
    def url(self) -> str:
        return url_for(self.endpoint)


def mark_current(links: list[Link], here: str) -> Link | None:
    """Mark the one link the page `here` belongs to: the link to that very endpoint, else
    the first whose `covers` take it in."""
    found = next((link for link in links if link.endpoint == here), None)
    found = found or next((link for link in links if link.covers_page(here)), None)
    if found is not None:
        found.is_current = True
    return found


# What a badge counts, read after its number: "3 pesan belum dibaca".
def unread_label(count: int) -> str:
    return ngettext("pesan belum dibaca", "pesan belum dibaca", count)


def waiting_label(count: int) -> str:
    return ngettext("menunggu jawaban Anda", "menunggu jawaban Anda", count)


def approvals_label(count: int) -> str:
    return ngettext("staf CSR menunggu persetujuan", "staf CSR menunggu persetujuan", count)


# --- the top menu ------------------------------------------------------------------------------


def directory() -> list[Link]:
    """The public directories (new objects each time: a request marks its current link)."""
    return [
        Link(_l("Usaha kecil"), "profiles.list_businesses", "people"),
        Link(_l("Perusahaan"), "profiles.list_companies", "building"),
    ]


def programme_group() -> Group:
    return Group(
        _l("Program WUB"),
        "programme.cohorts",
        [
            Link(_l("Dasbor"), "dashboard.index", "kanban", covers=("dashboard.",)),
            Link(_l("Angkatan"), "programme.cohorts", "mortarboard", covers=("programme.",)),
            Link(_l("Peserta"), "programme.participants", "people"),
            Link(_l("Jadwal pemantauan"), "visits.overdue", "clipboard-check", covers=("visits.",)),
            Link(
                _l("Impor data"), "programme_import.index", "upload", covers=("programme_import.",)
            ),
            Link(_l("Target"), "dashboard.edit_targets", "calendar-event"),
        ],
    )


def brokering_group() -> Group:
    return Group(
        _l("Perantaraan"),
        "desk.index",
        [
            Link(_l("Meja perantara"), "desk.index", "kanban", covers=("desk.propose",)),
            Link(_l("Pipeline"), "desk.pipeline", "arrow-right"),
        ],
    )


def more_group() -> Group:
    """An official's rarely used links, so the desktop menu stays on one line."""
    return Group(
        _l("Lainnya"),
        "main.more",
        [
            *directory(),
            Link(_l("Log audit"), "audit.index", "clipboard-check", covers=("audit.",)),
            Link(_l("Persetujuan CSR"), "auth.members", "person-check"),
            Link(_l("Tambah petugas"), "auth.new_official", "plus-lg"),
        ],
    )


def top_menu(user: User) -> list[Link | Group]:
    """The main links of the top menu, in order (the account links come after them)."""
    if not user.is_authenticated:
        return directory()
    if user.is_official:
        introductions = Link(_l("Perkenalan"), "brokering.index", "people", covers=("brokering.",))
        return [programme_group(), brokering_group(), introductions, more_group()]
    mine = (
        Link(_l("Usaha saya"), "profiles.my_business", "person-circle")
        if user.role == Role.OWNER
        else Link(_l("Perusahaan saya"), "profiles.my_company", "building")
    )
    links = [Group(_l("Cari"), "profiles.list_companies", directory()), mine]
    if user.role == Role.OWNER or user.approved_company_id:
        links.append(Link(_l("Rekomendasi"), "matching.my_suggestions", "stars"))
    links.append(Link(_l("Perkenalan"), "brokering.index", "people", covers=("brokering.",)))
    return links


# --- the bottom tab bar ------------------------------------------------------------------------


def tabs(user: User, unread: int) -> list[Link]:
    """The five tabs of a phone's bottom bar, with their badges; none for visitors."""
    if not user.is_authenticated:
        return []
    home = Link(_l("Beranda"), "main.index", "house-door")
    inbox = Link(
        _l("Kotak masuk"),
        "notifications.inbox",
        "inbox",
        covers=("notifications.",),
        badge=unread,
        badge_label=unread_label(unread),
    )
    if user.is_official:
        return _official_tabs(home, unread)
    waiting = db.session.scalar(select(func.count()).select_from(todo.waiting_for(user).subquery()))
    introductions = Link(
        _l("Perkenalan"),
        "brokering.index",
        "people",
        covers=("brokering.",),
        badge=waiting or 0,
        badge_label=waiting_label(waiting or 0),
    )
    if user.role == Role.OWNER:
        suggestions = Link(_l("Rekomendasi"), "matching.my_suggestions", "stars")
        label = pgettext("tab", "Profil")
        profile = Link(label, "profiles.my_business", "person-circle", covers=("profiles.",))
    else:
        suggestions = (
            Link(
                _l("Rekomendasi"),
                "matching.company_suggestions",
                "stars",
                args={"company_id": user.approved_company_id},
            )
            if user.approved_company_id
            else Link(_l("Usaha kecil"), "profiles.list_businesses", "search")
        )
        profile = Link(_l("Perusahaan"), "profiles.my_company", "building", covers=("profiles.",))
    return [home, suggestions, introductions, inbox, profile]


def _official_tabs(home: Link, unread: int) -> list[Link]:
    pending = db.session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.CSR, User.membership == Membership.PENDING)
    )
    home.badge, home.badge_label = pending or 0, approvals_label(pending or 0)
    return [
        home,
        Link(_l("Meja"), "desk.index", "kanban", covers=("desk.",)),
        Link(_l("Program WUB"), "programme.cohorts", "mortarboard",
             covers=("programme.", "dashboard.", "programme_import.")),
        Link(_l("Pemantauan"), "visits.overdue", "clipboard-check", covers=("visits.",)),
        Link(_l("Lainnya"), "main.more", "three-dots",
             covers=("main.more", "notifications.", "audit.", "auth.members", "auth.new_official",
                     "auth.account", "profiles.", "brokering."),
             badge=unread, badge_label=unread_label(unread)),
    ]  # fmt: skip


def navigation(unread: int) -> dict:
    """What base.html draws: the top menu's links and the phone's tab bar, given the
    count of unread notifications (the notifications' context processor reads it)."""
    if "navigation" not in g:
        here = request.endpoint or ""
        menu, tab_bar = top_menu(current_user), tabs(current_user, unread)
        groups = [item for item in menu if isinstance(item, Group)]
        flat = [
            link for item in menu for link in (item.links if isinstance(item, Group) else [item])
        ]
        chosen = mark_current(flat, here)
        for group in groups:
            group.is_current = any(link is chosen for link in group.links)
        mark_current(tab_bar, here)
        g.navigation = {"menu": menu, "tabs": tab_bar, "unread_label": unread_label(unread)}
    return g.navigation

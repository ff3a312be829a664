"""Users, their API tokens, and the failed-login counts that slow down password guessing."""

import enum
import hashlib
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from matchmaker.core.dates import utcnow
from matchmaker.core.extensions import db, login_manager
from matchmaker.core.params import id_of


def hash_password(password: str) -> str:
    """The stored form of a password (werkzeug's default hasher and parameters)."""
    return generate_password_hash(password)


def _values(enum_class) -> list[str]:
    # Store "owner", not "OWNER": the column reads the same as the API and the CLI.
    return [member.value for member in enum_class]


class Role(enum.StrEnum):
    OWNER = "owner"
    CSR = "csr"
    OFFICIAL = "official"


class Membership(enum.StrEnum):
    """Where a CSR user stands with the company they asked to join."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class User(UserMixin, db.Model):
    """A person who logs in: a business owner, a company's CSR staff, or an official."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(20), default="")
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=16, values_callable=_values)
    )
    locale: Mapped[str] = mapped_column(String(5), default="id")
    is_active_account: Mapped[bool] = mapped_column(default=True)
    consent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # Part of the session cookie's user id: rotating it ends every session of the user.
    session_nonce: Mapped[str] = mapped_column(String(32), default=lambda: secrets.token_hex(8))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id", ondelete="SET NULL"))
    membership: Mapped[Membership | None] = mapped_column(
        Enum(Membership, native_enum=False, length=16, values_callable=_values)
    )

    company: Mapped["Company | None"] = relationship(back_populates="staff")  # noqa: F821
    business: Mapped["SmallBusiness | None"] = relationship(  # noqa: F821
        back_populates="owner", uselist=False
    )

    @property
    def is_active(self) -> bool:
        return self.is_active_account

    def get_id(self) -> str:
        return f"{self.id}.{self.session_nonce}"

    def end_sessions(self) -> None:
        """Invalidate every session cookie issued to this user so far."""
        self.session_nonce = secrets.token_hex(8)

    def set_password(self, password: str) -> None:
        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_official(self) -> bool:
        return self.role == Role.OFFICIAL

    @property
    def approved_company_id(self) -> int | None:
        """The company this CSR user may act for, once an official approved them."""
        if self.role == Role.CSR and self.membership == Membership.APPROVED:
            return self.company_id
        return None


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The session's user from its cookie's "<id>.<nonce>": None once the account is
    deactivated or its sessions were ended (the nonce rotated)."""
    number, _, nonce = user_id.partition(".")
    user = db.session.get(User, key) if (key := id_of(number)) else None
    if user is None or not user.is_active or user.session_nonce != nonce:
        return None
    return user


class ApiToken(db.Model):
    """A bearer token for the JSON API; only its SHA-256 digest is stored."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    # Shown on the account page so the holder can tell tokens apart and revoke one.
    last_used_at: Mapped[datetime | None]
    client: Mapped[str] = mapped_column(String(120), default="")

    user: Mapped[User] = relationship()

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class LoginThrottle(db.Model):
    """Failed logins to one e-mail address, from any client address.

    Keyed by a keyed digest of the address, so addresses without an account are
    counted (and locked) alike and the table holds no address in the clear.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    address_digest: Mapped[str] = mapped_column(String(64), unique=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_started_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_until: Mapped[datetime | None]
    lockouts: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

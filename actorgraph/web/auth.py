"""Local accounts, signed session cookies, CSRF tokens and the failed-login rate limit.

Who may do what:

- ``viewer`` reads every page and API route;
- ``analyst`` also records judgements (merge, split, reject);
- ``admin`` also manages accounts.

When the server is bound to a loopback address, no account exists and ``--require-login`` is not
given, a request from a loopback client runs as the *local analyst* (named by the ``user``
setting) without logging in. Everything else must log in.
"""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from actorgraph.errors import ActorgraphError
from actorgraph.store.models import LoginAttemptRow, UserRow

ROLES = ("viewer", "analyst", "admin")
RANK = {r: i for i, r in enumerate(ROLES)}
SESSION_COOKIE = "ag_session"
SESSION_SECONDS = 12 * 3600
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=5)
NAME_MAX = 128

_hasher = PasswordHasher()
# Verified against when a name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class User:
    name: str
    role: str
    local: bool = False  # the no-login local analyst

    def can(self, role: str) -> bool:
        return RANK[self.role] >= RANK[role]


# ------------------------------------------------------------------ addresses
def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# ------------------------------------------------------------------ accounts
def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def validate_new(name: str, role: str, password: str) -> None:
    if not name or len(name) > NAME_MAX or any(c.isspace() or not c.isprintable() for c in name):
        raise ActorgraphError(f"user name {name!r}: use 1 to {NAME_MAX} printable characters without spaces")
    if role not in ROLES:
        raise ActorgraphError(f"role {role!r}: use one of {', '.join(ROLES)}")
    if len(password) < 8:
        raise ActorgraphError("the password must have at least 8 characters")


def add_user(s: Session, name: str, role: str, password: str) -> UserRow:
    validate_new(name, role, password)
    if s.scalar(select(UserRow).where(UserRow.name == name)):
        raise ActorgraphError(f"user {name!r} already exists (remove it first, or pick another name)")
    row = UserRow(name=name, role=role, password_hash=hash_password(password))
    s.add(row)
    s.flush()
    return row


def remove_user(s: Session, name: str) -> None:
    row = s.scalar(select(UserRow).where(UserRow.name == name))
    if row is None:
        raise ActorgraphError(f"no user named {name!r} (see `actorgraph user list`)")
    s.delete(row)


def set_password(s: Session, name: str, password: str) -> None:
    row = s.scalar(select(UserRow).where(UserRow.name == name))
    if row is None:
        raise ActorgraphError(f"no user named {name!r} (see `actorgraph user list`)")
    validate_new(name, row.role, password)
    row.password_hash = hash_password(password)


def list_users(s: Session) -> list[UserRow]:
    return list(s.scalars(select(UserRow).order_by(UserRow.name)))


def user_count(s: Session) -> int:
    return s.scalar(select(func.count()).select_from(UserRow)) or 0


def get_user(s: Session, name: str) -> User | None:
    row = s.scalar(select(UserRow).where(UserRow.name == name))
    return User(row.name, row.role) if row else None


# ------------------------------------------------------------------ rate limit
class RateLimited(ActorgraphError):
    """Too many failed logins for this name from this address."""


def _recent_failures(s: Session, name: str, ip: str, now: datetime) -> int:
    since = now - FAILURE_WINDOW
    return (
        s.scalar(
            select(func.count())
            .select_from(LoginAttemptRow)
            .where(
                LoginAttemptRow.name == name[:NAME_MAX], LoginAttemptRow.ip == ip, LoginAttemptRow.at >= since
            )
        )
        or 0
    )


def authenticate(s: Session, name: str, password: str, ip: str, now: datetime | None = None) -> User | None:
    """The user these credentials name, or None; RateLimited after too many recent failures.

    A failure is recorded; the limit counts failures per (name, address) over FAILURE_WINDOW.
    """
    now = now or datetime.now(UTC)
    if _recent_failures(s, name, ip, now) >= MAX_FAILURES:
        raise RateLimited(f"too many failed logins for {name!r}; try again in a few minutes")
    row = s.scalar(select(UserRow).where(UserRow.name == name))
    ok = verify_password(row.password_hash if row else _DUMMY_HASH, password) and row is not None
    if not ok:
        s.add(LoginAttemptRow(name=name[:NAME_MAX], ip=ip[:64], at=now))
        # Old records are of no further use.
        s.execute(delete(LoginAttemptRow).where(LoginAttemptRow.at < now - 4 * FAILURE_WINDOW))
        return None
    if _hasher.check_needs_rehash(row.password_hash):
        row.password_hash = hash_password(password)
    return User(row.name, row.role)


# ------------------------------------------------------------------ sessions and CSRF
def load_secret(workspace: Path) -> str:
    """The key that signs session cookies: kept in the workspace (mode 0600) so sessions survive restarts."""
    path = workspace / "web-secret.key"
    if path.exists():
        value = path.read_text("utf-8").strip()
        if len(value) >= 32:
            return value
    workspace.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    path.touch(mode=0o600)
    path.write_text(value, "utf-8")
    return value


class SessionCodec:
    """Signs and reads the session cookie: {"u": user name or absent, "c": CSRF token}."""

    def __init__(self, secret: str):
        self.serializer = URLSafeTimedSerializer(secret, salt="actorgraph-session")

    def dumps(self, data: dict) -> str:
        return self.serializer.dumps(data)

    def loads(self, value: str | None) -> dict | None:
        if not value:
            return None
        try:
            data = self.serializer.loads(value, max_age=SESSION_SECONDS)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("c"), str):
            return None
        return data


def new_session(user: str | None = None) -> dict:
    data: dict = {"c": secrets.token_urlsafe(32)}
    if user:
        data["u"] = user
    return data


def csrf_ok(session: dict, supplied: str | None) -> bool:
    expected = session.get("c")
    return bool(supplied and expected) and secrets.compare_digest(str(supplied), str(expected))

"""Use cases: the office's accounts, and who is acting.

An office starts as a single-person desk acting as the built-in user (domain/roles.py).
The first account added must be an admin, so that the office can never lock itself out;
from then on every command names its user. Accounts are deactivated, never deleted: the
audit trail and the records keep naming them.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from counterdesk.domain.calendar import OFFICE_TZ
from counterdesk.domain.passwords import (
    LockoutPolicy,
    hash_password,
    locked_until,
    password_problems,
    verify_password,
)
from counterdesk.domain.roles import LOCAL_ACTOR, Actor, Role, format_roles, parse_roles
from counterdesk.domain.text import clean_text
from counterdesk.errors import AccessError, BadInputError
from counterdesk.store.journal import Journal
from counterdesk.store.times import stored_time

LOCKOUT = LockoutPolicy()
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
_WRONG = "Wrong user name or password."


@dataclass(frozen=True)
class Account:
    username: str
    full_name: str
    roles: frozenset[Role]
    active: bool
    created_at: datetime
    locked_until: datetime | None


def _actor(row: dict) -> Actor:
    return Actor(row["username"], row["full_name"], parse_roles(row["roles"]))


class Accounts:
    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    @property
    def _db(self) -> sqlite_utils.Database:
        return self.journal.home.db.db

    def exist(self) -> bool:
        return self._db.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None

    # -- signing in ------------------------------------------------------------------

    def sign_in(self, username: str | None, password: str | None) -> Actor:
        """The actor for a command: the built-in user while there are no accounts."""
        if not self.exist():
            if username is not None:
                raise AccessError(
                    "This office has no accounts yet; leave out --user, or add the first "
                    "(admin) account with `counterdesk user add`."
                )
            return LOCAL_ACTOR
        if username is None:
            raise AccessError(
                "This office has accounts: say who you are with --user NAME "
                "(password in --password-env VAR, or typed when asked)."
            )
        if password is None:
            raise AccessError(f"Give the password of {username} (--password-env VAR).")
        return self.authenticate(username, password)

    def authenticate(self, username: str, password: str) -> Actor:
        """Check a password, counting failures; AccessError says what went wrong."""
        row = self._user(username)
        if row is None:
            raise AccessError(_WRONG)
        now = self.journal.clock()
        until = self._locked_until(row["id"], now)
        if until is not None:
            raise AccessError(_locked_message(row["username"], until))
        if not row["active"]:
            raise AccessError(
                f"The account {row['username']} is deactivated; ask the office admin."
            )
        try:
            good = verify_password(password, row["password_hash"])
        except ValueError as exc:
            raise AccessError(str(exc)) from None
        if good:
            # A write (and its fsync) only when there are failures to forget: every CLI
            # command signs in.
            if self._db.execute(
                "SELECT 1 FROM login_failures WHERE user_id = ? LIMIT 1", [row["id"]]
            ).fetchone():
                with self.journal.home.db.write_transaction() as db:
                    db.execute("DELETE FROM login_failures WHERE user_id = ?", [row["id"]])
            return _actor(row)
        self._fail(row, now)
        raise AccessError(_WRONG)

    def _fail(self, row: dict, now: datetime) -> None:
        with self.journal.home.db.write_transaction() as db:
            db["login_failures"].insert({"user_id": row["id"], "at": stored_time(now)})
        until = self._locked_until(row["id"], now)
        if until is None:
            return
        # The lock is a change of the account's state: the leader sees who was attacked.
        locked = Journal(self.journal.home, self.journal.clock, _actor(row))
        with locked.change("user.locked", {"until": stored_time(until)}) as change:
            change.subject = f"user:{row['username']}"
        raise AccessError(_locked_message(row["username"], until))

    def _locked_until(self, user_id: int, now: datetime) -> datetime | None:
        since = stored_time(now - LOCKOUT.window - LOCKOUT.lock_for)
        failures = [
            datetime.fromisoformat(at)
            for (at,) in self._db.execute(
                "SELECT at FROM login_failures WHERE user_id = ? AND at >= ?", [user_id, since]
            )
        ]
        return locked_until(failures, now, LOCKOUT)

    # -- managing accounts ------------------------------------------------------------

    def add(self, username: str, full_name: str, roles: str, password: str) -> Account:
        self.journal.require("user.add")
        name = _clean_username(username)
        wanted = _roles(roles)
        full = clean_text(full_name, "person's full name", 100)
        _check_password(password, name)
        first = not self.exist()
        if first and Role.ADMIN not in wanted:
            raise BadInputError(
                "The first account must be an admin (--role admin, alone or with others), "
                "or nobody could manage accounts afterwards."
            )
        inputs = {"username": name, "full_name": full, "roles": format_roles(wanted)}
        with self.journal.change("user.add", inputs) as change:
            change.subject = f"user:{name}"
            if self._user(name, change.db) is not None:
                raise BadInputError(f"The user name {name} is taken; choose another.")
            stamp = stored_time(change.now)
            change.db["users"].insert(
                {
                    "username": name,
                    "full_name": full,
                    "roles": format_roles(wanted),
                    "password_hash": hash_password(password),
                    "active": 1,
                    "created_at": stamp,
                    "password_changed_at": stamp,
                }
            )
        return self.get(name)

    def set_password(self, username: str, password: str) -> None:
        """A user changes their own password; an admin resets anyone else's."""
        row = self._existing(username)
        _check_password(password, row["username"])
        own = row["username"].casefold() == self.journal.actor.username.casefold()
        action = "user.change_password" if own else "user.reset_password"
        with self.journal.change(action, {"username": row["username"]}) as change:
            change.subject = f"user:{row['username']}"
            change.db.execute(
                "UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?",
                [hash_password(password), stored_time(change.now), row["id"]],
            )
            # A reset also lifts a lock: the admin has checked who is asking.
            change.db.execute("DELETE FROM login_failures WHERE user_id = ?", [row["id"]])

    def deactivate(self, username: str) -> Account:
        self.journal.require("user.deactivate")
        row = self._existing(username)
        with self.journal.change("user.deactivate", {"username": row["username"]}) as change:
            change.subject = f"user:{row['username']}"
            if not row["active"]:
                raise BadInputError(f"The account {row['username']} is already deactivated.")
            admins = [
                r["username"]
                for r in change.db.query("SELECT username, roles FROM users WHERE active = 1")
                if Role.ADMIN in parse_roles(r["roles"])
            ]
            if admins == [row["username"]]:
                raise BadInputError(
                    f"{row['username']} is the last active admin; add another admin first."
                )
            change.db.execute(
                "UPDATE users SET active = 0, deactivated_at = ? WHERE id = ?",
                [stored_time(change.now), row["id"]],
            )
        return self.get(row["username"])

    def list(self) -> list[Account]:
        rows = self._db.query("SELECT * FROM users ORDER BY username")
        return [self._account(row) for row in rows]

    def get(self, username: str) -> Account:
        return self._account(self._existing(username))

    def _account(self, row: dict) -> Account:
        now = self.journal.clock()
        return Account(
            username=row["username"],
            full_name=row["full_name"],
            roles=parse_roles(row["roles"]),
            active=bool(row["active"]),
            created_at=datetime.fromisoformat(row["created_at"]),
            locked_until=self._locked_until(row["id"], now),
        )

    def _existing(self, username: str) -> dict:
        row = self._user(username)
        if row is None:
            raise BadInputError(f"No account is called {username}; see `counterdesk user list`.")
        return row

    def _user(self, username: str, db: sqlite_utils.Database | None = None) -> dict | None:
        rows = list((db or self._db).query("SELECT * FROM users WHERE username = ?", [username]))
        return rows[0] if rows else None


def _locked_message(username: str, until: datetime) -> str:
    local = until.astimezone(OFFICE_TZ)
    return (
        f"The account {username} is locked after {LOCKOUT.max_failures} wrong passwords, "
        f"until {local:%H:%M %d/%m/%Y}; wait, or ask the office admin to reset the password."
    )


def _clean_username(value: str) -> str:
    name = unicodedata.normalize("NFC", value).strip().lower()
    if not _USERNAME.match(name) or name == LOCAL_ACTOR.username:
        raise BadInputError(
            f"User name {value!r} is not valid: 2 to 32 letters a-z, digits, '.', '-' or '_', "
            "starting with a letter or digit (e.g. lan.nguyen); 'local' is reserved."
        )
    return name


def _roles(text: str) -> frozenset[Role]:
    try:
        return parse_roles(text)
    except ValueError as exc:
        raise BadInputError(str(exc)) from None


def _check_password(password: str, username: str) -> None:
    problems = password_problems(password, username)
    if problems:
        raise BadInputError("The new password is not accepted. " + " ".join(problems))

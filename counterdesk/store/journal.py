"""Every change to the data folder goes through `Journal.change`: one transaction, checked
against the acting user's roles, recorded by exactly one audit entry committed with it."""

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from counterdesk.domain.audit import digest_inputs
from counterdesk.domain.roles import LOCAL_ACTOR, Actor, Role, acting_role, parse_roles
from counterdesk.errors import AccessError
from counterdesk.store import audit_log
from counterdesk.store.home import Home


@dataclass
class Change:
    """One change in progress: its transaction, its time, and what the entry will say."""

    db: sqlite_utils.Database
    now: datetime
    inputs: dict[str, object]
    # What the change is about: "dossier:<code>", "book:<label>", "document:<id>"...
    # Never a citizen's name or ID number.
    subject: str = ""


class Journal:
    def __init__(self, home: Home, clock: Callable[[], datetime], actor: Actor = LOCAL_ACTOR):
        self.home = home
        self.clock = clock
        self.actor = actor
        self.head = audit_log.Head(home.root)

    def require(self, action: str) -> Role:
        """The role `action` is done under; AccessError when the actor lacks it."""
        role = acting_role(self.actor, action)
        if role is None:
            raise AccessError(
                f"{self.actor.full_name} ({self.actor.username}) may not do this "
                f"({action}); ask a colleague with the right role, or the office admin."
            )
        return role

    @contextmanager
    def change(self, action: str, inputs: Mapping[str, object]) -> Iterator[Change]:
        """Check the role, open the write transaction, and append the entry before commit.

        The body fills `change.subject` (and may add to `change.inputs`, e.g. numbers it
        was given); an exception rolls back the change and its entry together.
        """
        role = self.require(action)
        key = self.home.audit_key()
        with self.home.db.write_transaction() as db:
            self._still_allowed(db, role)
            change = Change(db=db, now=self.clock(), inputs=dict(inputs))
            yield change
            if not change.subject:
                raise RuntimeError(f"the change {action} named no subject for the audit trail")
            entry = audit_log.append(
                db,
                change.now,
                self.actor.username,
                role.value,
                action,
                change.subject,
                digest_inputs(change.inputs, key),
            )
        self.head.advance(entry)

    def _still_allowed(self, db: sqlite_utils.Database, role: Role) -> None:
        """Check the actor against the accounts as committed, under the write lock.

        A desk window stays signed in for a while: an account deactivated, or the built-in
        user retired, since then must not act any more.
        """
        if self.actor == LOCAL_ACTOR:
            if db.execute("SELECT 1 FROM users LIMIT 1").fetchone():
                raise AccessError("This office has accounts now: sign in with --user NAME to act.")
            return
        row = db.execute(
            "SELECT active, roles FROM users WHERE username = ?", [self.actor.username]
        ).fetchone()
        if row is None or not row[0]:
            raise AccessError(
                f"The account {self.actor.username} is deactivated; ask the office admin."
            )
        if role not in parse_roles(row[1]):
            raise AccessError(
                f"The account {self.actor.username} no longer has the {role} role; "
                "ask the office admin."
            )

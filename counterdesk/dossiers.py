"""Use cases: receive a dossier, move it through its life, watch its due time, report.

Due times follow the procedure's time-limit rule in the catalog, in working days of the
office calendar (Vietnamese holidays and the yearly swap days). Every move is an event
with who and when; a late dossier gets its reason, remedy and new date recorded and its
apology letter printed.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import NamedTuple

import sqlite_utils

from counterdesk import legal_data
from counterdesk.calendar_data import (
    DEFAULT_HOURS,
    format_hours,
    office_calendar,
    parse_hours,
    published_overrides,
)
from counterdesk.catalog_files import default_catalog, read_procedures
from counterdesk.documents import forms
from counterdesk.domain.calendar import OFFICE_TZ, OfficeHours, WorkCalendar
from counterdesk.domain.catalog import CatalogDiff, Procedure, diff_catalog, parse_time_limit
from counterdesk.domain.codes import dossier_code
from counterdesk.domain.deadlines import (
    CERTIFIED_COPY,
    LateRisk,
    TimeLimitRule,
    due_time,
    extend,
    late_risk,
)
from counterdesk.domain.dossier_states import OPEN_STATES, Action, State, next_state
from counterdesk.domain.indicators import (
    DOSSIER_COLUMNS,
    DossierFacts,
    Indicators,
    compute_indicators,
    dossier_facts,
)
from counterdesk.domain.records import Citizen, Office, Signer
from counterdesk.domain.staff import StaffDossier, StaffFigures, staff_figures
from counterdesk.domain.vietnamese import fold
from counterdesk.errors import BadInputError
from counterdesk.store.files import file_sha256
from counterdesk.store.journal import Change, Journal
from counterdesk.store.times import stored_time

RISK_MARGIN_HOURS = 2.0
# A new date past this is a typing slip (a wrong year), not a plan.
MAX_POSTPONEMENT = timedelta(days=366)
# Certified copies from originals (Decree 23/2015/NĐ-CP Art. 7 and 21).
COPY_PROCEDURE_PREFIX = "2.000815.000.00.00"
COPY_RULE = CERTIFIED_COPY


# Vietnam has kept UTC+07:00 without daylight saving since 1975: a fixed offset converts
# stored UTC times to the calendar's office-local wall time at a fraction of the cost of
# time-zone rules, which matters when listing thousands of dossiers.
OFFICE_OFFSET = timedelta(hours=7)
SQL_TO_LOCAL = f"'+{OFFICE_OFFSET.seconds // 3600} hours'"  # SQLite datetime() modifier


def to_local(stored: str) -> datetime:
    """A stored UTC time (ISO 8601 with offset) as naive office-local wall time."""
    moment = datetime.fromisoformat(stored)
    return (moment - (moment.utcoffset() or timedelta())).replace(tzinfo=None) + OFFICE_OFFSET


def to_stored(local: datetime) -> str:
    """Naive office-local wall time as the stored UTC ISO 8601 text."""
    return (local - OFFICE_OFFSET).replace(tzinfo=UTC).isoformat(timespec="seconds")


def rule_of(procedure: Procedure) -> TimeLimitRule:
    spec = parse_time_limit(procedure.time_limit)
    return TimeLimitRule(
        str(spec.kind),
        spec.cutoff,
        spec.working_days,
        spec.max_extension_days,
        procedure.legal_basis,
    )


@dataclass(frozen=True)
class Event:
    at: datetime
    actor: str
    action: str
    from_state: str | None
    to_state: str
    reason: str | None


class DossierView(NamedTuple):
    """A dossier as screens and reports show it. A named tuple rather than a frozen
    dataclass: the late list builds thousands of them, at a third of the cost."""

    code: str
    state: str
    procedure_code: str | None
    procedure_name: str
    citizen_name: str
    citizen_id: str
    received_at: datetime
    due_at: datetime | None
    finished_at: datetime | None
    returned_at: datetime | None
    return_channel: str | None
    risk: str
    events: tuple[Event, ...] = ()


@dataclass(frozen=True)
class DayCounts:
    received: int
    finished: int
    late: int  # open dossiers past their due time, whenever received


class LateItem(NamedTuple):
    dossier: DossierView
    working_hours_left: float
    reason: str | None
    remedy: str | None
    new_due_at: datetime | None


class Dossiers:
    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        home, clock = journal.home, journal.clock
        self.home = home
        self.clock = clock

    @property
    def db(self) -> sqlite_utils.Database:
        return self.home.db.db

    def calendar_for(self, moment: datetime) -> WorkCalendar:
        """The office calendar (its hours, holidays, swap days) for the years around `moment`."""
        row = self.db.execute("SELECT hours FROM office WHERE id = 1").fetchone()
        hours = parse_hours(row[0]) if row else DEFAULT_HOURS
        published = published_overrides(
            [
                json.loads(data)
                for (data,) in self.db.execute(
                    "SELECT data_json FROM hub_changes WHERE kind = 'holidays' "
                    "AND applied_at IS NOT NULL ORDER BY seq"
                )
            ]
        )
        return office_calendar(range(moment.year - 1, moment.year + 2), hours, published)

    def set_hours(self, text: str) -> OfficeHours:
        self.journal.require("office.set_hours")
        hours = parse_hours(text)
        with self.journal.change("office.set_hours", {"hours": format_hours(hours)}) as change:
            change.db.execute("UPDATE office SET hours = ? WHERE id = 1", [format_hours(hours)])
            change.subject = "office"
        return hours

    def now_local(self) -> datetime:
        return self.clock().astimezone(OFFICE_TZ).replace(tzinfo=None)

    # -- catalog ----------------------------------------------------------------------

    def _current_procedures(self, db: sqlite_utils.Database) -> dict[str, dict]:
        rows = db.query("SELECT * FROM procedures WHERE withdrawn_at IS NULL ORDER BY id")
        return {row["code"]: row for row in rows}  # the latest import of a code wins

    def load_default_catalog(self, db: sqlite_utils.Database, now: datetime) -> None:
        """Load the shipped catalog into an office that has none yet (part of `init`)."""
        if not db.execute("SELECT 1 FROM procedures LIMIT 1").fetchone():
            self._store_procedures(db, default_catalog(), now)

    @staticmethod
    def _store_procedures(
        db: sqlite_utils.Database, procedures: list[Procedure], now: datetime
    ) -> None:
        for p in procedures:
            db["procedures"].insert(
                {
                    "code": p.code,
                    "name": p.name,
                    "time_limit": p.time_limit,
                    "fee": p.fee,
                    "legal_basis": p.legal_basis,
                    "effective_from": p.effective_from.isoformat(),
                    "field": p.field,
                    "imported_at": now.astimezone(UTC).isoformat(timespec="seconds"),
                }
            )

    def procedures(self) -> list[Procedure]:
        """The catalog in force: one procedure per code, in the order they came in."""
        return [_procedure(row) for row in self._current_procedures(self.db).values()]

    def import_catalog(self, path: Path, apply: bool) -> CatalogDiff:
        """Compare a published procedure list with the catalog; apply it if asked."""
        if apply:
            self.journal.require("catalog.import")
        incoming = read_procedures(path)
        if not apply:
            return diff_catalog(self.procedures(), incoming)
        inputs = {"file_sha256": file_sha256(path), "procedures": len(incoming)}
        with self.journal.change("catalog.import", inputs) as change:
            change.subject = "catalog"
            return self.take_in_catalog(change, incoming)

    def take_in_catalog(self, change: Change, incoming: list[Procedure]) -> CatalogDiff:
        """Make `incoming` the whole catalog, within the journal's `change` (a file
        imported, or a catalog the hub published): procedures it adds are added, those it
        changes replaced, those it leaves out withdrawn.

        Old versions stay in the table (withdrawn), so a dossier keeps the rules it was
        received under.
        """
        db = change.db
        current = self._current_procedures(db)
        diff = diff_catalog([_procedure(r) for r in current.values()], incoming)
        now = change.now.astimezone(UTC).isoformat(timespec="seconds")
        replaced = [new.code for _, new, _ in diff.changed] + [p.code for p in diff.withdrawn]
        for code in replaced:
            db.execute(
                "UPDATE procedures SET withdrawn_at = ? WHERE code = ? AND withdrawn_at IS NULL",
                [now, code],
            )
        self._store_procedures(
            db, list(diff.added) + [new for _, new, _ in diff.changed], change.now
        )
        return diff

    def procedure(self, code: str) -> tuple[int, Procedure]:
        current = self._current_procedures(self.db)
        if code not in current:
            raise BadInputError(
                f"No procedure {code} in the catalog; import the province's "
                "published list with `counterdesk catalog import FILE`."
            )
        return current[code]["id"], _procedure(current[code])

    def copy_procedure(self, db: sqlite_utils.Database) -> tuple[int | None, str | None]:
        """The catalog entry of certified copies from originals, if the catalog has one."""
        for code, row in self._current_procedures(db).items():
            if code.startswith(COPY_PROCEDURE_PREFIX):
                return row["id"], code
        return None, None

    # -- receiving and moving ---------------------------------------------------------

    def new_code(self, db: sqlite_utils.Database, office: Office, day: date) -> tuple[str, int]:
        row = db.execute(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM dossiers WHERE local_day = ?", [day.isoformat()]
        ).fetchone()
        seq = int(row[0])
        return dossier_code(legal_data.numbering_on(day), office.code, day, seq), seq

    def receive(
        self,
        office: Office,
        citizen: Citizen,
        procedure_code: str,
        online: bool,
        online_eligible: bool,
        documents: list[str],
    ) -> tuple[DossierView, bytes]:
        procedure_id, procedure = self.procedure(procedure_code)
        rule = rule_of(procedure)
        inputs = {
            "procedure": procedure_code,
            "citizen_id": citizen.id_number,
            "citizen_name": citizen.full_name,
            "online": online,
            "online_eligible": online_eligible,
            "documents": documents,
        }
        with self.journal.change("dossier.receive", inputs) as change:
            db, now = change.db, change.now
            local = now.astimezone(OFFICE_TZ).replace(tzinfo=None)
            due = due_time(local, rule, self.calendar_for(local))
            code, seq = self.new_code(db, office, local.date())
            citizen_id = upsert_citizen(db, citizen, stored_time(now))
            dossier_id = int(
                db["dossiers"]
                .insert(
                    {
                        "code": code,
                        "local_day": local.date().isoformat(),
                        "seq": seq,
                        "citizen_id": citizen_id,
                        "procedure": procedure.name,
                        "procedure_code": procedure.code,
                        "procedure_id": procedure_id,
                        "received_at": stored_time(now),
                        "state": State.RECEIVED.value,
                        "due_at": to_stored(due),
                        "legal_due_at": to_stored(due),
                        "submitted_online": int(online),
                        "online_eligible": int(online or online_eligible),
                        "received_by": self.journal.actor.username,
                    }
                )
                .last_pk
            )
            record_event(
                db,
                dossier_id,
                now,
                "receive",
                None,
                State.RECEIVED,
                None,
                {"documents": documents},
                self.journal.actor.username,
            )
            change.subject = f"dossier:{code}"
        view = self.show(code)
        slip = forms.receipt_and_appointment(office, self.form_dossier(view, documents))
        return view, slip

    def act(
        self, code: str, action: Action, reason: str | None = None, channel: str | None = None
    ) -> DossierView:
        inputs = {"code": code, "reason": reason, "channel": channel}
        with self.journal.change(f"dossier.{action.value}", inputs) as change:
            db, now = change.db, change.now
            change.subject = f"dossier:{code}"
            row = self._row(db, code)
            current = State(row["state"])
            target = next_state(current, action)
            changes: dict[str, object] = {"state": target.value}
            if target is State.FINISHED:
                changes.update(
                    finished_at=stored_time(now), finished_by=self.journal.actor.username
                )
            if target is State.RETURNED:
                if channel not in ("paper", "electronic", "both"):
                    raise BadInputError(
                        "Say how the result was handed over: --channel paper, electronic or both."
                    )
                changes.update(returned_at=stored_time(now), return_channel=channel)
                if channel != "paper":
                    changes["electronic_result"] = 1
            if action in (Action.REFUSE, Action.STOP, Action.SUPPLEMENT) and not reason:
                raise BadInputError(f"Give the reason for '{action.value}' (--reason).")
            db["dossiers"].update(row["id"], changes)
            record_event(
                db,
                row["id"],
                now,
                action.value,
                current,
                target,
                reason,
                {},
                self.journal.actor.username,
            )
        return self.show(code)

    def extend(self, code: str, days: int, reason: str) -> DossierView:
        self.journal.require("dossier.extend")
        if not reason:
            raise BadInputError("An extension needs its reason (--reason).")
        inputs = {"code": code, "days": days, "reason": reason}
        with self.journal.change("dossier.extend", inputs) as change:
            db = change.db
            change.subject = f"dossier:{code}"
            row = self._open_row(db, code, "extended")
            rule = self._rule_of_row(db, row)
            total = row["extended_days"] + days
            base = to_local(row["due_at"])
            try:
                new_due = extend(
                    base, days, _with_room(rule, row["extended_days"]), self.calendar_for(base)
                )
            except ValueError as exc:
                raise BadInputError(f"Dossier {code}: {exc}") from exc
            _set_due(
                db,
                row,
                change.now,
                new_due,
                "extend",
                reason,
                {"days": days},
                self.journal.actor.username,
                extended_days=total,
                legal_due_at=to_stored(new_due),
            )
        return self.show(code)

    def _rule_of_row(self, db: sqlite_utils.Database, row: dict) -> TimeLimitRule:
        if row["procedure_id"]:
            return rule_of(_procedure(db["procedures"].get(row["procedure_id"])))
        return COPY_RULE

    # -- late dossiers ----------------------------------------------------------------

    def late(self, margin_hours: float = RISK_MARGIN_HOURS) -> list[LateItem]:
        """Open dossiers at risk (less than `margin_hours` working hours left) or late.

        The moment `margin_hours` working hours from now is found on the calendar first,
        so the database returns exactly the dossiers due before it (an index range on
        state and due time), however many dossiers the office has.
        """
        now = self.now_local()
        calendar = self.calendar_for(now)
        threshold = plus_working_hours(calendar, now, margin_hours)
        states = ", ".join(f"'{s.value}'" for s in OPEN_STATES)
        rows = self.db.execute(
            f"{_VIEW_SELECT}, d.id {_VIEW_FROM} WHERE d.state IN ({states}) AND d.due_at < ? "
            "ORDER BY d.due_at",
            [to_stored(threshold)],
        ).fetchall()
        # The latest report of each open dossier that has one (few have): one query.
        reports = {
            dossier_id: (reason, remedy, new_due)
            for dossier_id, reason, remedy, new_due in self.db.execute(
                "SELECT r.dossier_id, r.reason, r.remedy, r.new_due_at FROM late_reports r "
                f"JOIN dossiers d ON d.id = r.dossier_id WHERE d.state IN ({states}) "
                "ORDER BY r.id"
            )
        }

        @cache
        def hours_left(due: datetime) -> float:
            # Due times are closing times: few distinct values, each worked out once.
            if due > now:
                return round(calendar.working_hours_between(now, due), 2)
            return -round(calendar.working_hours_between(due, now), 2)

        late, at_risk = LateRisk.LATE.value, LateRisk.AT_RISK.value
        items = []
        for row in rows:
            due = datetime.fromisoformat(row[7])
            risk = late if due < now else at_risk
            reason, remedy, new_due = reports.get(row[-1], (None, None, None))
            items.append(
                LateItem(
                    _view(row, now, calendar, risk, due),
                    hours_left(due),
                    reason,
                    remedy,
                    to_local(new_due) if new_due else None,
                )
            )
        return items

    def report_late(
        self,
        office: Office,
        signer: Signer,
        code: str,
        reason: str,
        remedy: str,
        new_due: datetime,
    ) -> tuple[DossierView, bytes]:
        """Record why a dossier is late, the remedy and the new date; print the apology."""
        self.journal.require("dossier.late_report")
        if not reason or not remedy:
            raise BadInputError("Give both the reason (--reason) and the remedy (--remedy).")
        inputs = {"code": code, "reason": reason, "remedy": remedy, "new_due": to_stored(new_due)}
        with self.journal.change("dossier.late_report", inputs) as change:
            db = change.db
            change.subject = f"dossier:{code}"
            row = self._open_row(db, code, "reported late")
            due = to_local(row["due_at"])
            if new_due <= due:
                raise BadInputError(
                    f"The new date must come after the due time {due:%H:%M %d/%m/%Y}."
                )
            if new_due > due + MAX_POSTPONEMENT:
                raise BadInputError(
                    f"The new date {new_due:%d/%m/%Y} is more than a year after the due time; "
                    "check the year."
                )
            now = change.now
            db["late_reports"].insert(
                {
                    "dossier_id": row["id"],
                    "at": stored_time(now),
                    "actor": self.journal.actor.username,
                    "reason": reason,
                    "remedy": remedy,
                    "new_due_at": to_stored(new_due),
                }
            )
            _set_due(
                db,
                row,
                now,
                new_due,
                "late_report",
                reason,
                {"remedy": remedy},
                self.journal.actor.username,
            )
        view = self.show(code)
        letter = forms.apology_and_extension(
            office,
            self.form_dossier(view, []),
            forms.Extension(
                reason=f"{reason} Khắc phục: {remedy}",
                new_due_at=new_due,
                issued_at=self.now_local(),
                signer=signer,
            ),
        )
        return view, letter

    # -- indicators -------------------------------------------------------------------

    def indicators(self, year: int, month: int) -> Indicators:
        """The month's service indicators from the dossiers (formulas: domain.indicators)."""
        first, last = month_days(year, month)
        return compute_indicators(
            (facts for facts, _ in self._month_facts(first, last, staff=False)), first, last
        )

    def staff_report(self, year: int, month: int) -> list[StaffFigures]:
        """Each official's figures of the month (rules: domain.staff)."""
        first, last = month_days(year, month)
        dossiers = (
            StaffDossier(
                code=extra[0],
                facts=facts,
                received_by=extra[1],
                finished_by=extra[2],
                late_reasons=tuple(json.loads(extra[3])),
            )
            for facts, extra in self._month_facts(first, last, staff=True)
        )
        start, end = stored_day_bounds(first, last)
        copies = dict(
            self.db.execute(
                "SELECT certified_by, count(*) FROM book_entries WHERE electronic = 1 "
                "AND certified_at >= ? AND certified_at < ? GROUP BY certified_by",
                [start, end],
            ).fetchall()
        )
        return staff_figures(dossiers, copies, first, last)

    def _month_facts(
        self, first: date, last: date, staff: bool
    ) -> Iterator[tuple[DossierFacts, tuple]]:
        """Facts of the dossiers received or finished in first..last, with staff columns
        (code, received_by, finished_by, late reasons as JSON) when asked."""
        start, end = stored_day_bounds(first, last)
        staff_columns = (
            ", d.code, d.received_by, d.finished_by, (SELECT json_group_array(reason) FROM "
            "(SELECT reason FROM late_reports r WHERE r.dossier_id = d.id ORDER BY r.id))"
            if staff
            else ""
        )
        # The columns in the order of dossier_facts' arguments; the rules that make facts
        # of them are domain.indicators', shared with the hub.
        rows = self.db.execute(
            f"SELECT {', '.join(f'd.{column}' for column in DOSSIER_COLUMNS)}, "
            "EXISTS (SELECT 1 FROM digitized_documents g WHERE g.dossier_id = d.id), "
            "EXISTS (SELECT 1 FROM book_entries b WHERE b.dossier_id = d.id "
            f"AND b.electronic = 1), f.payment_channel{staff_columns} "
            "FROM dossiers d LEFT JOIN fees f ON f.dossier_id = d.id "
            "WHERE (d.received_at >= ? AND d.received_at < ?) "
            "OR (d.finished_at >= ? AND d.finished_at < ?)",
            [start, end, start, end],
        )
        width = len(DOSSIER_COLUMNS) + 3
        for row in rows:
            yield dossier_facts(*row[:width]), row[width:]

    # -- reading ----------------------------------------------------------------------

    def _open_row(self, db: sqlite_utils.Database, code: str, what: str) -> dict:
        row = self._row(db, code)
        if State(row["state"]) not in OPEN_STATES:
            raise BadInputError(
                f"Dossier {code} is {row['state']}; only open dossiers can be {what}."
            )
        return row

    def _row(self, db: sqlite_utils.Database, code: str) -> dict:
        rows = list(db.query("SELECT * FROM dossiers WHERE code = ?", [code]))
        if not rows:
            raise BadInputError(f"No dossier has the code {code}; check the receipt.")
        return rows[0]

    def show(self, code: str, with_events: bool = True) -> DossierView:
        row = self.db.execute(f"{_VIEW_SELECT} {_VIEW_FROM} WHERE d.code = ?", [code]).fetchone()
        if row is None:
            raise BadInputError(f"No dossier has the code {code}; check the receipt.")
        now = self.now_local()
        view = _view(row, now, self.calendar_for(now))
        if not with_events:
            return view
        events = tuple(
            Event(
                to_local(e["at"]),
                e["actor"],
                e["action"],
                e["from_state"],
                e["to_state"],
                e["reason"],
            )
            for e in self.db.query(
                "SELECT e.* FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id "
                "WHERE d.code = ? ORDER BY e.id",
                [code],
            )
        )
        return view._replace(events=events)

    def open_queue(self, limit: int = 500) -> list[DossierView]:
        """The counter's queue: open dossiers, soonest due first."""
        states = ", ".join(f"'{s.value}'" for s in OPEN_STATES)
        now = self.now_local()
        calendar = self.calendar_for(now)
        rows = self.db.execute(
            f"{_VIEW_SELECT} {_VIEW_FROM} WHERE d.state IN ({states}) "
            "ORDER BY d.due_at, d.id LIMIT ?",
            [limit],
        )
        return [_view(row, now, calendar) for row in rows]

    def day_counts(self, day: date) -> DayCounts:
        """Dossiers received and finished on `day` (office-local), and open ones past due."""
        start, end = stored_day_bounds(day, day)
        states = ", ".join(f"'{s.value}'" for s in OPEN_STATES)
        received, finished, late = self.db.execute(
            "SELECT "
            "(SELECT count(*) FROM dossiers WHERE received_at >= ? AND received_at < ?), "
            "(SELECT count(*) FROM dossiers WHERE finished_at >= ? AND finished_at < ?), "
            f"(SELECT count(*) FROM dossiers WHERE state IN ({states}) AND due_at < ?)",
            [start, end, start, end, stored_time(self.clock())],
        ).fetchone()
        return DayCounts(received, finished, late)

    def list_dossiers(self, state: str | None = None, limit: int = 200) -> list[DossierView]:
        sql = f"{_VIEW_SELECT} {_VIEW_FROM}"
        params: list[object] = []
        if state:
            sql += " WHERE d.state = ?"
            params.append(State(state).value)
        sql += " ORDER BY d.due_at, d.id LIMIT ?"
        params.append(limit)
        now = self.now_local()
        calendar = self.calendar_for(now)
        return [_view(row, now, calendar) for row in self.db.execute(sql, params)]

    def received_between(self, first: date, last: date) -> list[DossierView]:
        """Dossiers received from `first` to `last` (office-local days), in order."""
        start = to_stored(datetime.combine(first, datetime.min.time()))
        end = to_stored(datetime.combine(last + timedelta(days=1), datetime.min.time()))
        now = self.now_local()
        calendar = self.calendar_for(now)
        rows = self.db.execute(
            f"{_VIEW_SELECT} {_VIEW_FROM} WHERE d.received_at >= ? AND d.received_at < ? "
            "ORDER BY d.received_at, d.id",
            [start, end],
        )
        return [_view(row, now, calendar) for row in rows]

    def search_citizens(self, query: str, limit: int = 20) -> list[dict]:
        """Citizens whose name matches every word of `query`, accents and đ ignored."""
        words = [w for w in fold(query).split() if w.isalnum()]
        if not words:
            return []
        match = " ".join(f'"{w}"*' for w in words)
        return list(
            self.db.query(
                "SELECT c.id, c.full_name, c.id_number FROM citizens_fts f JOIN citizens c "
                "ON c.id = f.rowid WHERE citizens_fts MATCH ? ORDER BY rank LIMIT ?",
                [match, limit],
            )
        )

    def form_dossier(self, view: DossierView, documents: list[str]) -> forms.FormDossier:
        return forms.FormDossier(
            code=view.code,
            citizen_name=view.citizen_name,
            citizen_id=view.citizen_id,
            citizen_address=None,
            procedure_name=view.procedure_name,
            received_at=view.received_at,
            due_at=view.due_at or view.received_at,
            documents=tuple(documents),
            receiver_name="",  # signed by hand until clerk accounts exist
        )


def month_days(year: int, month: int) -> tuple[date, date]:
    """The first and last day of a month; a clear error for a month that does not exist."""
    if not 1 <= month <= 12:
        raise BadInputError(f"Month {month} does not exist; give YYYY-MM, e.g. 2026-11.")
    first = date(year, month, 1)
    return first, date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)


def stored_day_bounds(first: date, last: date) -> tuple[str, str]:
    """Stored (UTC) times of the start of `first` and of the day after `last`, office-local."""
    start = to_stored(datetime.combine(first, datetime.min.time()))
    end = to_stored(datetime.combine(last + timedelta(days=1), datetime.min.time()))
    return start, end


def plus_working_hours(calendar: WorkCalendar, moment: datetime, hours: float) -> datetime:
    """The earliest moment `hours` office hours after `moment`."""
    remaining = timedelta(hours=hours)
    day = moment.date()
    for _ in range(400):  # a year of days off would be a broken calendar, not a deadline
        if calendar.is_working_day(day):
            for start, end in calendar.hours.sessions(day):
                begin = max(start, moment)
                if begin >= end:
                    continue
                if end - begin >= remaining:
                    return begin + remaining
                remaining -= end - begin
        day += timedelta(days=1)
    raise ValueError("the office calendar has no working hours in the coming year")


# Times come out already in office-local wall time (naive text), cheap to parse.
_VIEW_SELECT = (
    "SELECT d.code, d.state, d.procedure_code, d.procedure, c.full_name, c.id_number, "
    f"datetime(d.received_at, {SQL_TO_LOCAL}), datetime(d.due_at, {SQL_TO_LOCAL}), "
    f"datetime(d.finished_at, {SQL_TO_LOCAL}), datetime(d.returned_at, {SQL_TO_LOCAL}), "
    "d.return_channel, "
    f"datetime(COALESCE(d.legal_due_at, d.due_at), {SQL_TO_LOCAL})"
)
_VIEW_FROM = "FROM dossiers d JOIN citizens c ON c.id = d.citizen_id"


def _view(
    row: tuple,
    now: datetime,
    calendar: WorkCalendar,
    risk: str | None = None,
    due_local: datetime | None = None,
) -> DossierView:
    """A dossier from a _VIEW_SELECT row (extra columns after it are ignored); `risk` and
    the due time when the caller already has them."""
    (
        code,
        state,
        procedure_code,
        procedure,
        name,
        id_number,
        received,
        due,
        finished,
        returned,
        channel,
        legal_due,
    ) = row[:12]
    if due_local is None and due:
        due_local = datetime.fromisoformat(due)
    finished_local = datetime.fromisoformat(finished) if finished else None
    if risk is not None:
        risk_text = risk
    elif due_local is None:
        risk_text = "unknown"
    else:
        # A finished dossier is judged by its lawful due time, not by a date promised
        # in an apology; an open one is watched against the date the citizen was given.
        judged = datetime.fromisoformat(legal_due) if finished_local and legal_due else due_local
        risk_text = late_risk(
            now, judged, finished_local, RISK_MARGIN_HOURS, calendar=calendar
        ).value
    return DossierView(  # positional: in field order, and faster for long lists
        code,
        state,
        procedure_code,
        procedure,
        name,
        id_number,
        datetime.fromisoformat(received),
        due_local,
        finished_local,
        datetime.fromisoformat(returned) if returned else None,
        channel,
        risk_text,
    )


def _procedure(row: dict) -> Procedure:
    return Procedure(
        code=row["code"],
        name=row["name"],
        time_limit=row["time_limit"],
        fee=row["fee"],
        legal_basis=row["legal_basis"],
        effective_from=date.fromisoformat(row["effective_from"]),
        field=row["field"],
    )


def _with_room(rule: TimeLimitRule, used: int) -> TimeLimitRule:
    """The rule with the extension days already granted taken off its allowance."""
    return TimeLimitRule(
        rule.kind,
        rule.cutoff,
        rule.working_days,
        max(0, rule.max_extension_days - used),
        rule.source,
    )


def _set_due(
    db: sqlite_utils.Database,
    row: dict,
    now: datetime,
    new_due: datetime,
    action: str,
    reason: str,
    details: dict,
    actor: str,
    **changes: object,
) -> None:
    """Move a dossier's due time, recording why; its state stays as it is."""
    stored = to_stored(new_due)
    db["dossiers"].update(row["id"], {"due_at": stored, **changes})
    state = State(row["state"])
    record_event(
        db, row["id"], now, action, state, state, reason, {**details, "new_due_at": stored}, actor
    )


def record_event(
    db: sqlite_utils.Database,
    dossier_id: int,
    at: datetime,
    action: str,
    from_state: State | None,
    to_state: State,
    reason: str | None,
    details: dict,
    actor: str,
) -> None:
    db["dossier_events"].insert(
        {
            "dossier_id": dossier_id,
            "at": stored_time(at),
            "actor": actor,
            "action": action,
            "from_state": from_state.value if from_state else None,
            "to_state": to_state.value,
            "reason": reason,
            "details_json": json.dumps(details, ensure_ascii=False),
        }
    )


def upsert_citizen(db: sqlite_utils.Database, citizen: Citizen, stamp: str) -> int:
    rows = list(db.query("SELECT id FROM citizens WHERE id_number = ?", [citizen.id_number]))
    if rows:
        db.execute(
            "UPDATE citizens SET full_name = ?, name_fold = ? WHERE id = ?",
            [citizen.full_name, fold(citizen.full_name), rows[0]["id"]],
        )
        return int(rows[0]["id"])
    return int(
        db["citizens"]
        .insert(
            {
                "full_name": citizen.full_name,
                "id_number": citizen.id_number,
                "name_fold": fold(citizen.full_name),
                "created_at": stamp,
            }
        )
        .last_pk
    )

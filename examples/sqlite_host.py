"""A host that keeps request events in SQLite and acts on each due escalation once.

svcquality never stores anything: a host keeps each request's one event log
(docs/request.md: the clock's, ownership's and work orders' events in one log)
and asks ``read_request`` for everything at once. This script is such a host,
using the standard library's ``sqlite3``: an ``events`` table is the log of
every request (one row per event, ordered by a sequence number, the event's
fields as JSON), an ``acted`` table remembers the action ids already carried
out. Because ``due_actions`` gives the same ids on every evaluation, a host
that crashes and restarts evaluates again and acts only on ids it has not
recorded: nothing is sent twice.

The requests are a branch's loss reports (挂失: 1 business hour to respond, 4
to the initial disposal, 《银行客户服务质量提升操作手册》) and account openings (开户: 2
business hours), with node reminders and the green channel (绿色通道).

The story: a process evaluates at Mon 11:30, acts, and stops; a second
process (a restart) evaluates at the same instant and finds nothing new; new
events arrive; a third process evaluates at 15:05. The loss report's teller
sends a card-freeze work order to the card centre (信用卡中心) with 24 hours
to answer: its reading flags it, as the customer's promise ends that day.

References:
    * 《银行客户服务质量提升操作手册》, uploaded by a user to 人人文库
      (renrendoc.com); author, publisher and date not given.

Run: ``python examples/sqlite_host.py`` (database ``out/requests.db``; its
tables are created afresh) or ``--db :memory:`` (one connection is then kept
open for the three processes, as an in-memory database dies with it).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs

import svcquality as sq
from svcquality.routing import Taken, WorkOrderAnswered, WorkOrderIssued

SH = ZoneInfo("Asia/Shanghai")
H = timedelta(hours=1)
BRANCH = sq.BusinessCalendar.weekly(
    {"mon-fri": "09:00-12:00, 13:30-17:00"}, zone="Asia/Shanghai", holidays="CN", name="branch"
)
CALENDARS = {"card_centre": sq.BusinessCalendar.always_open(zone="Asia/Shanghai")}
PROMISES = {
    "loss_report": sq.Promise(
        service="loss_report",
        calendar=BRANCH,
        milestones={
            "respond": sq.Target.business(H),
            "initial_disposal": sq.Target.business(4 * H),
        },
    ),
    "account_opening": sq.Promise(
        service="account_opening",
        calendar=BRANCH,
        milestones={"complete": sq.Target.business(2 * H)},
    ),
}
LADDERS = {
    "loss_report": (
        sq.Ladder("respond", (sq.Step(sq.OnBreach(), sq.GreenChannel("supervisor")),)),
        sq.Ladder(
            "initial_disposal",
            (
                sq.Step(sq.Consumed(0.5), sq.Notify("handler")),  # 节点提醒
                sq.Step(sq.OnBreach(), sq.GreenChannel("supervisor")),  # 绿色通道
            ),
        ),
    ),
    "account_opening": (
        sq.Ladder(
            "complete",
            (
                sq.Step(sq.Consumed(0.5), sq.Notify("handler")),
                sq.Step(sq.OnBreach(), sq.GreenChannel("supervisor")),
                sq.Step(sq.OnBreach(), sq.InformCustomer("progress_update")),
            ),
        ),
    ),
}
SCHEMA = """
DROP TABLE IF EXISTS requests;
DROP TABLE IF EXISTS events;
DROP TABLE IF EXISTS acted;
CREATE TABLE requests (id TEXT PRIMARY KEY, service TEXT NOT NULL);
CREATE TABLE events (
    request TEXT NOT NULL REFERENCES requests(id),
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    at TEXT NOT NULL,          -- ISO 8601 with its offset: never a naive time
    data TEXT NOT NULL,        -- the event's other fields, as JSON
    PRIMARY KEY (request, seq)
);
CREATE TABLE acted (action_id TEXT PRIMARY KEY, acted_at TEXT NOT NULL, what TEXT NOT NULL);
"""
#: The event kinds this host stores: the one log's clock, ownership and work orders.
KINDS: dict[str, type[sq.LogEntry]] = {
    kind.__name__: kind
    for kind in (
        sq.Opened,
        sq.Paused,
        sq.Resumed,
        sq.Met,
        sq.Resolved,
        Taken,
        WorkOrderIssued,
        WorkOrderAnswered,
    )
}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SH)


def record(db: sqlite3.Connection, request: str, event: sq.LogEntry) -> None:
    """Append one event to a request's log (the next sequence number)."""
    (seq,) = db.execute(
        "SELECT COALESCE(MAX(seq), -1) + 1 FROM events WHERE request = ?", (request,)
    ).fetchone()
    fields = attrs.asdict(event, recurse=False)  # type: ignore[arg-type]  # an attrs event
    del fields["at"]
    if isinstance(fields.get("target"), sq.Target):
        fields["target"] = fields["target"].format()  # "24h": Target.parse reads it back
    db.execute(
        "INSERT INTO events VALUES (?, ?, ?, ?, ?)",
        (request, seq, type(event).__name__, event.at.isoformat(), json.dumps(fields)),
    )


def load_log(db: sqlite3.Connection, request: str) -> list[sq.LogEntry]:
    """A request's one log, rebuilt from its rows in sequence order."""
    log: list[sq.LogEntry] = []
    rows = db.execute(
        "SELECT kind, at, data FROM events WHERE request = ? ORDER BY seq", (request,)
    )
    for kind, text, data in rows:
        cls = KINDS.get(kind)
        if cls is None:
            msg = f"request {request}: unknown event kind {kind!r} in the database"
            raise ValueError(msg)
        fields = json.loads(data)
        if "target" in fields:
            fields["target"] = sq.Target.parse(fields["target"])
        log.append(cls(datetime.fromisoformat(text), **fields))
    return log


def evaluate(db: sqlite3.Connection, now: datetime, label: str) -> list[str]:
    """One host process: read every request, act on new due actions, set the timers."""
    lines = [f"{label} at {now:%a %m-%d %H:%M}"]
    acted_before = {row[0] for row in db.execute("SELECT action_id FROM acted")}
    new = again = 0
    for request, service in db.execute("SELECT id, service FROM requests ORDER BY id").fetchall():
        promise, ladders = PROMISES[service], LADDERS[service]
        log = load_log(db, request)
        r = sq.read_request(
            promise, log, now, request=request, calendars=CALENDARS, ladders=ladders
        )
        states = ", ".join(f"{n} {m.status.value}" for n, m in r.clock.milestones.items())
        owner = f", owner {r.owner.employee}" if r.owner is not None else ""
        lines.append(f"  {request} ({service}): {states}{owner}")
        for order, wo in r.work_orders.items():
            flag = " BEYOND THE PROMISE" if wo.beyond_promise else ""
            lines.append(f"    work order {order} due {wo.due:%a %m-%d %H:%M}{flag}")
        for due in r.due_actions:
            if due.id in acted_before:
                again += 1
                continue
            what = repr(due.action)  # e.g. GreenChannel(role='supervisor'): carry it out here
            # Record the id before acting: after a crash the action is not repeated.
            db.execute("INSERT INTO acted VALUES (?, ?, ?)", (due.id, now.isoformat(), what))
            db.commit()
            lines.append(f"    ACT {due.id:28} {what} (due {due.trigger_at:%H:%M})")
            new += 1
        if r.next_due is not None:
            lines.append(f"    timer {r.next_due:%a %m-%d %H:%M}")
    lines.append(f"  acted on {new} new action(s); {again} already done before")
    return lines


def connect(path: str) -> sqlite3.Connection:
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    return sqlite3.connect(path)


def story(path: str) -> str:
    """Seed the database, then run three host processes (the second one is a restart)."""
    keep = connect(path)
    keep.executescript(SCHEMA)
    keep.executemany(
        "INSERT INTO requests VALUES (?, ?)",
        [("GS-001", "loss_report"), ("KH-001", "account_opening"), ("KH-002", "account_opening")],
    )
    record(keep, "GS-001", sq.Opened(at("2025-11-03 09:40"), service="loss_report"))
    record(keep, "GS-001", Taken(at("2025-11-03 09:42"), "柜员王敏", "branch_counter"))
    record(keep, "GS-001", sq.Met(at("2025-11-03 10:20"), "respond"))
    record(
        keep,
        "GS-001",
        WorkOrderIssued(
            at("2025-11-03 10:25"),
            "WO-GS-001",
            "card_centre",
            need="冻结挂失卡片",
            target=sq.Target.wall(24 * H),
        ),
    )
    record(keep, "KH-001", sq.Opened(at("2025-11-03 09:00"), service="account_opening"))
    record(keep, "KH-002", sq.Opened(at("2025-11-03 10:30"), service="account_opening"))
    record(keep, "KH-002", sq.Paused(at("2025-11-03 11:00"), reason="等待客户补充材料"))
    keep.commit()
    lines: list[str] = []

    def process(now: datetime, label: str) -> None:
        db = keep if path == ":memory:" else connect(path)
        lines.extend(evaluate(db, now, label))
        if db is not keep:
            db.close()  # the process ends; only the database remembers

    process(at("2025-11-03 11:30"), "process 1")
    process(at("2025-11-03 11:30"), "process 2 (restart, same instant)")
    record(keep, "KH-001", sq.Resolved(at("2025-11-03 11:40")))
    record(keep, "KH-002", sq.Resumed(at("2025-11-03 13:30")))
    keep.commit()
    process(at("2025-11-03 15:05"), "process 3")
    (count,) = keep.execute("SELECT COUNT(*) FROM acted").fetchone()
    keep.close()
    lines.append(f"acted table: {count} distinct action ids")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--db", default="out/requests.db", help="SQLite file, or :memory:")
    args = parser.parse_args(argv)
    try:
        print(story(args.db))
    except (sq.SvcQualityError, sqlite3.Error) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

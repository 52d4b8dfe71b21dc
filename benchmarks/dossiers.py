"""Benchmark: one million dossiers in a real data folder.

Times (issue #5): the due-time computation for all of them; the late-risk query (target
p95 ≤ 30 ms); a month's indicators (target ≤ 1 s); the diacritic-insensitive citizen
search (target p95 ≤ 30 ms; "nguyen van duc" must find "Nguyễn Văn Đức").

Run: .venv/bin/python -m benchmarks.dossiers [--dossiers N]
"""

import argparse
import gc
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.timing import percentile, timed
from counterdesk.desk import Desk
from counterdesk.domain.deadlines import CERTIFIED_COPY, due_time
from counterdesk.domain.vietnamese import fold
from counterdesk.dossiers import to_stored

FAMILY = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
)
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Xuân", "Thu")
GIVEN = (
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Đức",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hùng",
    "Khoa",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Vy",
    "Yến",
    "Đào",
    "Ánh",
)
START = datetime(2026, 1, 2, 7, 30)  # office-local


def populate(desk: Desk, count: int, rng: random.Random) -> tuple[float, datetime]:
    """Insert `count` dossiers received over a year; returns due-time seconds and the end."""
    db = desk.home.db.db
    citizens = max(1000, count // 5)
    names = [
        f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}" for _ in range(citizens)
    ]
    with desk.home.db.write_transaction():
        db.conn.executemany(
            "INSERT INTO citizens (full_name, id_number, name_fold, created_at) VALUES "
            "(?, ?, ?, '2026-01-01T00:00:00+00:00')",
            [(name, f"{i:012d}", fold(name)) for i, name in enumerate(names)],
        )
    span = timedelta(days=330)
    received = sorted(START + span * rng.random() for _ in range(count))
    calendar = desk.dossiers.calendar_for(START + span / 2)
    began = time.perf_counter()
    dues = [due_time(moment, CERTIFIED_COPY, calendar) for moment in received]
    due_seconds = time.perf_counter() - began
    end = received[-1]
    rows = []
    per_day: dict[str, int] = {}
    for n, (moment, due) in enumerate(zip(received, dues, strict=True)):
        day = moment.date().isoformat()
        per_day[day] = per_day.get(day, 0) + 1
        recent = end - moment < timedelta(days=3)
        finished = (
            None if recent and rng.random() < 0.6 else due - timedelta(hours=rng.uniform(-2, 6))
        )
        state = "finished" if finished else rng.choice(("received", "in_progress"))
        rows.append(
            (
                f"H38.12-{moment:%y%m%d}-{per_day[day]:04d}",
                day,
                per_day[day],
                rng.randrange(citizens) + 1,
                "Chứng thực bản sao từ bản chính",
                to_stored(moment),
                state,
                to_stored(due),
                to_stored(finished) if finished else None,
                int(rng.random() < 0.7),
                n % 7 == 0,
            )
        )
    with desk.home.db.write_transaction():
        db.conn.executemany(
            "INSERT INTO dossiers (code, local_day, seq, citizen_id, procedure, received_at, "
            "state, due_at, finished_at, electronic_result, submitted_online) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    db.execute("ANALYZE")
    return due_seconds, end


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    rng = random.Random(766)
    with tempfile.TemporaryDirectory() as tmp:
        clock_now = [datetime.now(UTC)]
        desk = Desk.open(Path(tmp) / "home", lambda: clock_now[0])
        desk.init_office("H38.12", "UBND xã Tân Phú", "Xã Tân Phú")
        began = time.perf_counter()
        due_seconds, end = populate(desk, args.dossiers, rng)
        print(
            f"{args.dossiers:,} dossiers generated and stored in "
            f"{time.perf_counter() - began:.1f} s"
        )
        print(
            f"due time for all {args.dossiers:,}: {due_seconds:.2f} s "
            f"({due_seconds / args.dossiers * 1e6:.1f} µs each)"
        )

        gc.collect()
        gc.freeze()  # as the counterdesk process does after start-up (cli.main)
        clock_now[0] = (end - timedelta(hours=1)).replace(tzinfo=None).astimezone(UTC)
        late_count = len(desk.dossiers.late())
        late = timed(desk.dossiers.late, args.runs)
        print(
            f"late-risk list ({late_count} dossiers): p50 {statistics.median(late):.1f} ms, "
            f"p95 {percentile(late, 0.95):.1f} ms (target p95 <= 30 ms)"
        )

        threshold = to_stored(end + timedelta(hours=1))  # 2 office hours ahead, roughly
        query = timed(
            lambda: desk.home.db.db.execute(
                "SELECT d.code, d.due_at FROM dossiers d WHERE d.state IN ('received', "
                "'in_progress', 'supplement_requested') AND d.due_at < ? ORDER BY d.due_at",
                [threshold],
            ).fetchall(),
            args.runs,
        )
        print(
            f"  of which the SQL query alone: p50 {statistics.median(query):.1f} ms, "
            f"p95 {percentile(query, 0.95):.1f} ms"
        )

        month = timed(lambda: desk.dossiers.indicators(2026, 6), 5)
        print(
            f"indicators for 2026-06: median {statistics.median(month):.0f} ms (target <= 1000 ms)"
        )

        found = desk.dossiers.search_citizens("nguyen van duc")
        assert found and all("Nguyễn Văn Đức" in c["full_name"] for c in found[:3]), found[:3]
        queries = ["nguyen van duc", "tran thi", "dang", "le hoang", "vo ngoc anh", "do duc"]
        search = timed(lambda: [desk.dossiers.search_citizens(q) for q in queries], args.runs)
        per_query = [ms / len(queries) for ms in search]
        print(
            f'citizen search ("nguyen van duc" finds {found[0]["full_name"]}): '
            f"p50 {statistics.median(per_query):.2f} ms, "
            f"p95 {percentile(per_query, 0.95):.2f} ms per query (target p95 <= 30 ms)"
        )
        desk.close()


if __name__ == "__main__":
    main()

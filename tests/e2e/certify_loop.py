"""A desk process that certifies N times in a row (run by the concurrency test).

Usage: python -m tests.e2e.certify_loop HOME COUNT START_FILE SCAN...
It waits until START_FILE exists so that all workers start at once.
"""

import sys
import time
from pathlib import Path

from counterdesk.desk import CertifyRequest, Desk


def main() -> None:
    home, count, start_file, *scans = sys.argv[1:]
    desk = Desk.open(Path(home))
    while not Path(start_file).exists():
        time.sleep(0.01)
    for n in range(int(count)):
        result = desk.certify_copies(
            CertifyRequest(
                files=[Path(s) for s in scans],
                citizen_name="Phạm Minh Châu",
                citizen_id=f"0790900{n:05d}",
                document_title="Giấy khai sinh",
            )
        )
        print(result.position.number, flush=True)
    desk.close()


if __name__ == "__main__":
    main()

"""Where a desk stands: the last contiguous seq and the gaps above it."""

from hypothesis import given
from hypothesis import strategies as st

from counterdesk.sync.hub.events import contiguous


def test_gaps_are_the_missing_ranges_below_the_highest_seq() -> None:
    progress = contiguous(0, [1, 2, 5, 6, 9])

    assert (progress.last_seq, progress.gaps) == (2, [[3, 4], [7, 8]])


def test_nothing_held_above_means_no_gaps() -> None:
    assert contiguous(7, []) == contiguous(7, [])
    assert (contiguous(7, []).last_seq, contiguous(7, []).gaps) == (7, [])


@given(st.sets(st.integers(min_value=1, max_value=60)))
def test_progress_accounts_for_every_seq_exactly_once(held: set[int]) -> None:
    progress = contiguous(0, sorted(held))

    assert set(range(1, progress.last_seq + 1)) <= held
    assert progress.last_seq + 1 not in held
    missing = {seq for low, high in progress.gaps for seq in range(low, high + 1)}
    top = max(held, default=0)
    assert missing == set(range(1, top + 1)) - held
    assert all(low <= high for low, high in progress.gaps)

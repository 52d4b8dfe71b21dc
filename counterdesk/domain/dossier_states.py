"""The life of a dossier at the one-stop counter, as a small state machine.

received -> in_progress -> finished -> returned, with the side roads the one-stop rules
provide (Decree 118/2025/NĐ-CP; forms of Circular 03/2025/TT-VPCP): a request to
supplement the dossier, a refusal (with a legal reason), a stop. Every move is recorded
as an event; nothing is deleted.
"""

from enum import StrEnum

from counterdesk.errors import BadInputError


class State(StrEnum):
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    FINISHED = "finished"
    RETURNED = "returned"
    REFUSED = "refused"
    STOPPED = "stopped"


class Action(StrEnum):
    ADVANCE = "advance"  # received -> in progress -> finished
    SUPPLEMENT = "supplement"  # ask the citizen to complete the dossier
    RESUME = "resume"  # the supplement arrived
    REFUSE = "refuse"
    STOP = "stop"
    RETURN = "return"  # result handed over (paper and/or electronic)


_MOVES: dict[tuple[State, Action], State] = {
    (State.RECEIVED, Action.ADVANCE): State.IN_PROGRESS,
    (State.IN_PROGRESS, Action.ADVANCE): State.FINISHED,
    (State.RECEIVED, Action.SUPPLEMENT): State.SUPPLEMENT_REQUESTED,
    (State.IN_PROGRESS, Action.SUPPLEMENT): State.SUPPLEMENT_REQUESTED,
    (State.SUPPLEMENT_REQUESTED, Action.RESUME): State.IN_PROGRESS,
    (State.RECEIVED, Action.REFUSE): State.REFUSED,
    (State.IN_PROGRESS, Action.REFUSE): State.REFUSED,
    (State.SUPPLEMENT_REQUESTED, Action.REFUSE): State.REFUSED,
    (State.RECEIVED, Action.STOP): State.STOPPED,
    (State.IN_PROGRESS, Action.STOP): State.STOPPED,
    (State.SUPPLEMENT_REQUESTED, Action.STOP): State.STOPPED,
    (State.FINISHED, Action.RETURN): State.RETURNED,
}

OPEN_STATES = frozenset({State.RECEIVED, State.IN_PROGRESS, State.SUPPLEMENT_REQUESTED})


def next_state(current: State, action: Action) -> State:
    """The state after `action`, or a clear refusal when the move is not allowed."""
    try:
        return _MOVES[(current, action)]
    except KeyError:
        allowed = sorted(a.value for (s, a) in _MOVES if s is current)
        hint = f"; allowed: {', '.join(allowed)}" if allowed else "; it is closed"
        raise BadInputError(
            f"A dossier that is {current.value} cannot be given '{action.value}'{hint}."
        ) from None

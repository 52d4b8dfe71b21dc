"""One family of errors, each carrying a message a clerk can act on.

The CLI prints the message on stderr and exits with `exit_code`; the desk window shows
it in one dialog. Messages name the file or setting at fault and say what to do.
"""


class CounterDeskError(Exception):
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadInputError(CounterDeskError):
    """A file or value given by the user cannot be used (corrupt, encrypted, empty...)."""

    exit_code = 3


class SetupError(CounterDeskError):
    """The office, signer or data folder is not set up as the command needs."""

    exit_code = 4


class IdentityError(CounterDeskError):
    """A signing identity cannot be opened or used (wrong password, expired...)."""

    exit_code = 5


class PinNeededError(IdentityError):
    """The signer's key is on a token not unlocked in this session: ask for its PIN."""

    def __init__(self, message: str, token_label: str) -> None:
        super().__init__(message)
        self.token_label = token_label


class StorageError(CounterDeskError):
    """The data folder cannot be written (read-only, full, locked too long)."""

    exit_code = 6


class ClockError(CounterDeskError):
    """The desk clock contradicts what is already recorded (e.g. set back a year)."""

    exit_code = 7


class CaptureError(CounterDeskError):
    """A capture source failed: scanner unreachable, camera unplugged, folder gone..."""

    exit_code = 8


class AccessError(CounterDeskError):
    """Who is acting is unknown, not allowed to do this, locked out or deactivated."""

    exit_code = 9


class OfflineError(CounterDeskError):
    """A time-stamping or revocation service cannot be reached: retry later; nothing is lost.

    A copy signed meanwhile stays valid at its level; its upgrade waits for the network.
    """

    exit_code = 10

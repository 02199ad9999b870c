"""The refusals people see when opening a unit, in a module light enough to load before Qt.

The login window needs these classes before anything heavy (SQLite, the store) is imported, so
the window appears sooner; the modules that raise them re-export them.
"""

from __future__ import annotations


class UnitError(Exception):
    """A unit cannot be created or opened; the message is Vietnamese, for people."""


class AccountError(Exception):
    """A refused account operation; the message is Vietnamese."""


class LoginRefused(AccountError):
    """Wrong name or password, a disabled account, or a try during the delay."""

    def __init__(self, message: str, wait_seconds: float = 0.0, reason: str | None = None):
        super().__init__(message)
        self.wait_seconds = wait_seconds
        # The refusal without the waiting sentence (the window shows its own countdown).
        self.reason = reason if reason is not None else message

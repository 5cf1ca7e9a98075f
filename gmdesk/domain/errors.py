"""The clerk's mistakes, told apart from the program's.

A :class:`UserError` is something the clerk can put right (an empty required field, a date before another,
an action the record's state does not allow): the UI shows its Chinese message as a warning, keeps the
dialog open and marks ``field`` when one is named. Any other exception is a bug: it is logged with its
traceback and shown in the error dialog. Rules and services raise a ``UserError`` (or a subclass) for the
clerk's mistakes and nothing else.
"""

from __future__ import annotations


class UserError(Exception):
    """A refusal the clerk can act on, with a message in Chinese."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        """The name of the input the message is about (a dialog marks it), or None."""

    def __str__(self) -> str:
        return self.message


class EditConflict(UserError):
    """Someone else saved the record after this clerk opened it (a shared database): nothing was saved, and
    nothing of theirs was overwritten; the message says who and when, and the form offers to reload."""

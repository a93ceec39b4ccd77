"""Problems found in data, and the two exceptions the CLI edge turns into exit codes.

Core modules never print and never exit: they return `Problem`s (for data) or
raise `DataError` / `UsageError`; `ai_tracker.cli` maps those to exit 1 / 2.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ai_tracker.text import clean, file_name


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, located as precisely as we can."""

    file: str
    line: int | None
    column: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"

    def to_dict(self) -> dict[str, object]:
        """The problem as a record (validate's json, yaml, csv): each text as the plain
        line prints it, so a file name spelled in the message matches the `file` value."""
        return {**asdict(self), "file": file_name(self.file), "message": clean(self.message),
                "field": None if self.field is None else clean(self.field)}


class DataError(Exception):
    """Bad or missing data: exit code 1."""


class UsageError(Exception):
    """A bad value asked for (an unknown name, a date out of range): exit code 2.

    The core names the parameter that was wrong (`field="until"`), never a
    command-line option: the CLI edge turns the field into the option of the
    command that ran (`--until`). `option` is for errors the CLI raises itself.
    """

    def __init__(self, message: str, *, field: str | None = None, option: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.option = option

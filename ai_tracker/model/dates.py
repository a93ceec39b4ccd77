"""Dates as precise as their source, and ISO weeks.

A source may give a day (`2026-02-12`), only a month (`2026-02`), only a year
(`2026`), or a window of days (`2026-02-12..2026-02-14`: some day in it, we
don't know which). `FuzzyDate` keeps exactly that and never invents a day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Precision = Literal["day", "month", "year", "window"]

# [0-9], not \d: \d also matches other scripts' digits ("２０２６").
_DAY = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")
_YEAR = re.compile(r"^([0-9]{4})$")
_WEEK = re.compile(r"^([0-9]{4})-?W([0-9]{1,2})$", re.IGNORECASE)

# Dates outside these years are typing mistakes, and the far ends of the
# calendar break week arithmetic (9999-W52 ends in the year 10000).
MIN_YEAR, MAX_YEAR = 1800, 2999

FORMS = ("a day (2026-02-12), a month (2026-02), a year (2026) or a window "
         "(2026-02-12..2026-02-14, or 2026-02-12..14)")


@dataclass(frozen=True, order=True)
class FuzzyDate:
    """A date known to a day, a month, a year, or a window of days."""

    earliest: dt.date
    latest: dt.date
    precision: Precision

    @classmethod
    def parse(cls, text: str) -> FuzzyDate:
        """Parse one of the four forms; raises ValueError saying what was expected."""
        text = text.strip()
        if ".." in text:
            start_text, _, end_text = text.partition("..")
            start = _day(start_text.strip())
            end = _day(_complete(end_text.strip(), start))
            if end < start:
                raise ValueError(f"window ends ({end}) before it starts ({start})")
            if start == end:
                return cls(start, end, "day")
            return cls(start, end, "window")
        if m := _DAY.match(text):
            day = _ymd(text, m)
            return cls(day, day, "day")
        if m := _MONTH.match(text):
            year, month = _year(m[1]), int(m[2])
            if not 1 <= month <= 12:
                raise ValueError(f"month {month} does not exist in '{text}'")
            last = calendar.monthrange(year, month)[1]
            return cls(dt.date(year, month, 1), dt.date(year, month, last), "month")
        if _YEAR.match(text):
            year = _year(text)
            return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
        raise ValueError(f"'{text}' is not a date; expected {FORMS}")

    def __str__(self) -> str:
        if self.precision == "day":
            return self.earliest.isoformat()
        if self.precision == "month":  # (not strftime: ten times the cost, and the year has four digits)
            return f"{self.earliest.year:04d}-{self.earliest.month:02d}"
        if self.precision == "year":
            return str(self.earliest.year)
        return f"{self.earliest.isoformat()}..{self.latest.isoformat()}"

    def compact(self) -> str:
        """As `str`, but a window repeats only what changes: 2026-02-12..14."""
        if self.precision != "window":
            return str(self)
        start, end = self.earliest, self.latest
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.isoformat()}..{end.day:02d}"
        if start.year == end.year:
            return f"{start.isoformat()}..{end.month:02d}-{end.day:02d}"
        return str(self)

    def describe(self) -> str:
        """Human wording that says how precise the date is."""
        if self.precision == "day":
            return str(self)
        if self.precision == "window":
            return f"{self} (some day in this window)"
        return f"{self} ({self.precision} only)"

    def overlaps(self, since: dt.date | None, until: dt.date | None) -> bool:
        """Could the real date fall within since..until (inclusive)?"""
        return (since is None or self.latest >= since) and (until is None or self.earliest <= until)


def _day(text: str) -> dt.date:
    m = _DAY.match(text)
    if not m:
        raise ValueError(f"'{text}' is not a day; expected YYYY-MM-DD")
    return _ymd(text, m)


def _ymd(text: str, m: re.Match[str]) -> dt.date:
    year, month, day = _year(m[1]), int(m[2]), int(m[3])
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} does not exist in '{text}'")
    try:  # the year and month are valid: only a day the month lacks is refused
        return dt.date(year, month, day)
    except ValueError:
        last = calendar.monthrange(year, month)[1]
        raise ValueError(f"'{text}' does not exist: {calendar.month_name[month]} {year} has {last} days") from None


def _year(text: str) -> int:
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year {year} is outside {MIN_YEAR} to {MAX_YEAR}")
    return year


def _complete(end: str, start: dt.date) -> str:
    """The end of a window may leave out what it shares with the start: 2026-02-12..14."""
    if re.fullmatch(r"[0-9]{2}", end):
        return f"{start.year:04d}-{start.month:02d}-{end}"
    if re.fullmatch(r"[0-9]{2}-[0-9]{2}", end):
        return f"{start.year:04d}-{end}"
    return end


@dataclass(frozen=True, order=True)
class IsoWeek:
    """An ISO 8601 week: Monday to Sunday, in the ISO week-numbering year."""

    year: int
    week: int

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        m = _WEEK.match(text.strip())
        if not m:
            raise ValueError(f"'{text}' is not an ISO week; expected YYYY-Www, e.g. 2026-W07")
        year, week = _year(m[1]), int(m[2])
        weeks_in_year = dt.date(year, 12, 28).isocalendar()[1]
        if not 1 <= week <= weeks_in_year:
            raise ValueError(f"{year} has ISO weeks 1 to {weeks_in_year}, not {week}")
        return cls(year, week)

    @classmethod
    def of(cls, day: dt.date) -> IsoWeek:
        year, week, _ = day.isocalendar()
        return cls(year, week)

    @property
    def start(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 1)

    @property
    def end(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 7)

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"

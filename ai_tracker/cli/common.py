"""What reading commands share: loading the collection, parsing typed option values."""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
import shlex
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ai_tracker.cli.edge import report_skipped, report_warnings, say
from ai_tracker.collection import catalog as catalog_mod
from ai_tracker.collection import folders
from ai_tracker.errors import DataError, UsageError
from ai_tracker.model import countries, vocab
from ai_tracker.model.dates import FuzzyDate, IsoWeek

if TYPE_CHECKING:
    from ai_tracker.collection.catalog import Catalog


def load_catalog(data_dir: str | Path | list[str] | None, *, no_cache: bool = False,
                 allow_empty: bool = False, report: bool = True) -> Catalog:
    """The collection, with skipped files reported on stderr (unless report=False)."""

    if not data_dir and not os.environ.get(folders.ENV_VAR, "").strip() and folders.update_links_stale():
        from ai_tracker.interchange import update  # only when the curated base changed under the update

        update.relink_if_base_changed()
    sources = folders.resolve_data_dirs(data_dir)
    found = catalog_mod.load(sources, use_cache=not no_cache, progress=progress_bar())
    # The command that lists every problem of these same folders ($AI_TRACKER_DATA applies by itself).
    validate = "ai-tracker validate"
    for source in sources:
        if source.origin == "option":
            validate += f" --data-dir {shlex.quote(str(source.path))}"
        elif source.origin == "bundled" and data_dir:
            validate += f" --data-dir {folders.BUNDLED_NAME}"
    for message in found.cache_warnings:
        say(f"warning: {message}")
    if report:
        report_warnings(found.warnings, validate=validate)
        report_skipped(found.problems, found.skipped, found.files, validate=validate)
    if not found.entries and not allow_empty:
        raise DataError(f"no valid release in {found.describe()}: every file has errors "
                        f"(`{validate}` lists them)")
    stale_notice(found)
    return found


NOTICE_OFF = "AI_TRACKER_NO_UPDATE_NOTICE"
STALE_DAYS = 30


def stale_notice(found: Catalog) -> None:
    """One line on a terminal's stderr, at most once a day, when the newest record in use
    was checked more than STALE_DAYS before today: it suggests `ai-tracker update` and
    fetches nothing. Never in a pipe, never under CI, never with $AI_TRACKER_NO_UPDATE_NOTICE."""
    if os.environ.get("CI") or os.environ.get(NOTICE_OFF) or not (_tty(sys.stdout) and _tty(sys.stderr)):
        return
    from ai_tracker.collection import cache, coverage  # only on a terminal

    checked, today = coverage.of(found).checked, today_option(None)
    if checked is None or (today - checked).days <= STALE_DAYS:
        return
    base = cache.folder()
    stamp = base / "update-notice" if base is not None else None
    try:
        if stamp is not None and stamp.read_text(encoding="utf-8").strip() == today.isoformat():
            return
    except OSError:
        pass
    say(f"note: the newest record in use was checked on {checked}, {(today - checked).days} days ago; "
        f"`ai-tracker update` brings it up to date ({NOTICE_OFF}=1 turns this note off)")
    try:  # said at most once a day; a stamp that cannot be written only means saying it again
        if stamp is not None:
            stamp.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            stamp.write_text(today.isoformat() + "\n", encoding="utf-8")
    except OSError:
        pass


def _tty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        return False


# Relative days of --since and --until: 7d, 2w, 3m, 1y back from today.
_RELATIVE_SPAN = re.compile(r"(\d{1,4})([dwmy])")


def relative_day(value: str, today: dt.date) -> dt.date | None:
    """today, yesterday, Nd and Nw (today minus N days or weeks), Nm and Ny (the same
    day N calendar months or years back, clamped to the month's end); None for
    anything else."""
    word = value.strip().lower()
    if word == "today":
        return today
    if word == "yesterday":
        return today - dt.timedelta(days=1)
    match = _RELATIVE_SPAN.fullmatch(word)
    if match is None:
        return None
    n, unit = int(match.group(1)), match.group(2)
    try:
        if unit in "dw":
            return today - dt.timedelta(days=n * (7 if unit == "w" else 1))
        months = today.year * 12 + today.month - 1 - (n * 12 if unit == "y" else n)
        year, month = divmod(months, 12)
        return dt.date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))
    except (ValueError, OverflowError):
        return dt.date.min  # before year 1: checked below like any day typed


def day_option(value: str | None, option: str, *, last: bool = False, today: dt.date | None = None) -> dt.date | None:
    """A day, or the first (last=True: the last) day of a month or year: 2026-02 is
    2026-02-01 as --since and 2026-02-28 as --until; or a day counted back from
    today (`relative_day`: today, yesterday, 7d, 2w, 3m, 1y)."""

    if value is None:
        return None
    day = today or today_option(None)
    relative = relative_day(value, day)
    if relative is not None:
        if relative.year < 1800:
            raise UsageError(f"'{value}' back from {day} is before 1800", option=option)
        return relative
    try:
        date = FuzzyDate.parse(value)
    except ValueError as exc:
        # Not even shaped like a date: name the words too (a date that does not exist says why alone).
        words = "" if re.match(r"\s*\d{4}", value) else "; or today, yesterday, 7d, 2w, 3m, 1y (back from today)"
        raise UsageError(f"{exc}{words}", option=option) from None
    if date.precision == "window":
        raise UsageError(f"'{value}' is a window; give a day, a month or a year", option=option)
    return date.latest if last else date.earliest


def date_range(since: str | None, until: str | None,
               today: dt.date | None = None) -> tuple[dt.date | None, dt.date | None]:
    start, end = day_option(since, "--since", today=today), day_option(until, "--until", last=True, today=today)
    if start and end and end < start:
        raise UsageError(f"--since {start} is after --until {end}", option="--since/--until")
    return start, end


def week_option(value: str | None, option: str = "--week", today: dt.date | None = None) -> IsoWeek | None:
    """An ISO week, or `this` / `last` (the week of `today`, the one before)."""
    if value is None:
        return None
    word = value.strip().lower()
    made = ""  # for this/last: the week made, checked as if typed (`relative_period`)
    if word in RELATIVE:
        day = today or today_option(None)
        made = str(IsoWeek.of(day if word == "this" else day - dt.timedelta(days=7)))
    try:
        return IsoWeek.parse(made or value)
    except ValueError as exc:
        hint = ", or this or last" if "not an ISO week" in str(exc) else ""
        raise UsageError(f"{relative_period(word, 'week', day, made) if made else ''}{exc}{hint}",
                         option=option) from None


def relative_period(word: str, kind: str, today: dt.date, made: str) -> str:
    """The start of the refusal of a period `this` or `last` made from --today: it is
    held to the rule of the periods a user types (years 1800 to 2999), one rule for both."""
    return f"{word} {kind} of {today} is {made}: "


RELATIVE = ("this", "last")


@dataclass(frozen=True)
class Span:
    """The period a command was asked for: its first and last day (either may be
    open), and its name when it is one week, month or year (`2026-W07`, `2026-02`)."""

    start: dt.date | None = None
    end: dt.date | None = None
    kind: str | None = None  # "week", "month", "year", or None for --since/--until
    label: str | None = None


TODAY_VAR = "AI_TRACKER_TODAY"


def today_option(value: str | None) -> dt.date:
    """--today: the day every default period and `this`, `last` and `7d` count from
    (default: $AI_TRACKER_TODAY, else the computer's today). The one place the tool
    reads the clock, so that a test or a report pins it with one variable."""
    option = "--today"
    if value is None:
        value, option = os.environ.get(TODAY_VAR) or None, TODAY_VAR
        if value is None:
            return dt.date.today()
    try:
        date = FuzzyDate.parse(value)
    except ValueError as exc:
        raise UsageError(str(exc), option=option) from None
    if date.precision != "day":
        raise UsageError(f"'{value}' is not a day; expected YYYY-MM-DD", option=option)
    return date.earliest


def calendar_option(value: str, kind: str, today: dt.date) -> Span:
    """--month 2025-01 or --year 2025, or `this` / `last` of either."""
    word = value.strip().lower()
    made = ""  # for this/last: the month or year made, checked as if typed (`relative_period`)
    if word in RELATIVE:
        if kind == "year":
            made = str(today.year - (word == "last"))
        else:
            first = today.replace(day=1)
            if word == "last":
                first = (first - dt.timedelta(days=1)).replace(day=1)
            made = f"{first:%Y-%m}"
    try:
        date = FuzzyDate.parse(made or value)
    except ValueError as exc:
        raise UsageError(f"{relative_period(word, kind, today, made) if made else ''}{exc}",
                         option=f"--{kind}") from None
    if date.precision != kind:
        example = "2025-01" if kind == "month" else "2025"
        raise UsageError(f"'{value}' is not a {kind}; expected {example}, this or last", option=f"--{kind}")
    return Span(date.earliest, date.latest, kind, str(date))


def period_options(*, week: str | None = None, month: str | None = None, year: str | None = None,
                   since: str | None = None, until: str | None = None, today: str | None = None) -> Span:
    """The one rule for a period, for every command: one of --week, --month, --year,
    or --since/--until; a release is in it when its earliest possible day is."""
    given = [name for name, value in (("--week", week), ("--month", month), ("--year", year)) if value is not None]
    if since is not None or until is not None:
        given.append("--since/--until")
    if len(given) > 1:
        raise UsageError(f"give one of --week, --month, --year or --since/--until, not {' and '.join(given)}",
                         option=given[0])
    day = today_option(today)
    if week is not None:
        chosen = week_option(week, today=day)
        assert chosen is not None
        span = Span(chosen.start, chosen.end, "week", str(chosen))
    elif month is not None:
        span = calendar_option(month, "month", day)
    elif year is not None:
        span = calendar_option(year, "year", day)
    else:
        start, end = date_range(since, until, day)
        span = Span(start, end)
    if span.start is not None and span.start > day:  # nothing is known of a period still to come
        named = f"{span.kind} {span.label}" if span.kind else f"--since {span.start}"
        raise UsageError(f"{named} begins after today ({day}); give --today to count from another day",
                         option=f"--{span.kind}" if span.kind else "--since")
    return span


def country_options(values: list[str] | None, option: str = "--country") -> list[str]:
    """Codes or names ('CN', 'china', 'United Kingdom') to ISO codes."""

    codes = []
    for value in values or []:
        code = countries.lookup(value)
        region = countries.region_named(value) if code is None else None
        if region is not None:
            raise UsageError(f"'{value}' is a region, not a country: use --region '{region}'", option=option)
        if code is None:
            better = countries.suggest(value)
            hint = vocab.did_you_mean([f"{better} ({countries.name_of(better)})"] if better else [])
            raise UsageError(f"unknown country '{value}': give an ISO 3166 code (CN, US, GB) or an "
                             f"English country name{hint}", option=option)
        codes.append(code)
    return codes


def region_options(values: list[str] | None, option: str = "--region") -> list[str]:
    """Region names as typed ('europe', 'US', 'rest') to their canonical names."""

    names = []
    for value in values or []:
        name = countries.region_named(value)
        if name is None:
            raise UsageError(f"unknown region '{value}'; expected one of: {', '.join(countries.REGIONS)}",
                             option=option)
        names.append(name)
    return names


def category_options(values: list[str] | None, option: str = "--category") -> list[str]:
    for value in values or []:
        if value not in vocab.CATEGORIES:
            hint = vocab.did_you_mean(vocab.nearest(value, vocab.CATEGORIES), before="", after=" ")
            raise UsageError(f"unknown category '{value}'; {hint}expected one of: "
                             f"{', '.join(vocab.CATEGORIES)}", option=option)
    return list(values or [])


def progress_bar() -> Callable[[int, int], None] | None:
    """A Rich progress bar on stderr for a slow cold load: shown only on a terminal,
    and only once parsing has taken over a second (most loads end before that)."""

    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None
    started = time.monotonic()
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            if time.monotonic() - started < 1.0:
                return


            # Lazy: only a cold load of over a second draws it (Rich is about 25 ms).
            from rich.progress import Progress

            from ai_tracker.output.terminal import make_console

            state["bar"] = Progress(console=make_console(stderr=True), transient=True)
            state["bar"].start()
            state["task"] = state["bar"].add_task("reading release files", total=total)
        state["bar"].update(state["task"], completed=done)
        if done >= total:  # the catalog always reports the end
            state["bar"].stop()

    return update


def complete_release(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of release names: the ids, names and aliases (in any script:
    智谱 offers 智谱GLM-5) that start with what was typed, each with what it names.
    The shell keeps only words that start with the typed text, so a name is offered
    as itself: `show` takes any of them. Quiet: a completion must never print an error."""

    try:
        # While completing, a repeatable option not given is () (not None, as when run).
        data_dir = ((ctx.params or {}).get("data_dir") if ctx is not None else None) or None
        found = catalog_mod.load(folders.resolve_data_dirs(data_dir))
    except Exception:  # noqa: BLE001 - no data, bad folder: nothing to offer
        return []
    offered: dict[str, str] = {}
    for e in found.entries:
        for word in (e.id, e.name, *e.aliases):
            if word.startswith(incomplete) and word not in offered:
                offered[word] = e.name if word == e.id else f"{e.name} ({e.id})"
    return list(offered.items())


# Completion of the options that take one of a known set of words. Quiet, as above;
# each word is offered in the case typed, since the shell keeps only words that
# start with the typed text and the options ignore case.

def _as_typed(word: str, incomplete: str) -> str | None:
    if word.startswith(incomplete):
        return word
    if word.casefold().startswith(incomplete.casefold()):
        return incomplete + word[len(incomplete):]
    return None


def complete_country(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """ISO codes and English names: `U` offers US (United States), `chi` china and chile."""
    try:
        out = []
        for code in countries.all_codes():
            name = countries.name_of(code)
            # A code as typed in either case (cn is CN), a name from the letters typed.
            word = next((c for c in (code, code.lower()) if c.startswith(incomplete)), None) or _as_typed(
                name, incomplete)
            if word is not None:
                out.append((word, name if word.casefold() == code.casefold() else code))
        return out
    except Exception:  # noqa: BLE001 - a completion must never print an error
        return []


def complete_region(ctx: Any, incomplete: str) -> list[str]:
    return [w for r in countries.REGIONS if (w := _as_typed(r, incomplete)) is not None]


def complete_category(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    return [(w, text) for c, text in vocab.CATEGORIES.items() if (w := _as_typed(c, incomplete)) is not None]


def complete_words(words: list[str]) -> Callable[[Any, str], list[str]]:
    """Completion of one of these words (`--sort`)."""
    def complete(ctx: Any, incomplete: str) -> list[str]:
        return [w for word in words if (w := _as_typed(word, incomplete)) is not None]
    return complete

"""What reading commands share: loading the collection, parsing typed option values."""

from __future__ import annotations

import os
import shlex
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ai_tracker.analysis.filters import fold
from ai_tracker.cli.edge import report_skipped
from ai_tracker.collection import catalog as catalog_mod
from ai_tracker.collection import folders
from ai_tracker.errors import DataError, UsageError
from ai_tracker.model import countries, vocab
from ai_tracker.model.dates import FuzzyDate, IsoWeek

if TYPE_CHECKING:
    import datetime as dt

    from ai_tracker.collection.catalog import Catalog


def load_catalog(data_dir: str | Path | list[str] | None, *, no_cache: bool = False,
                 allow_empty: bool = False, report: bool = True) -> Catalog:
    """The collection, with skipped files reported on stderr (unless report=False)."""

    sources = folders.resolve_data_dirs(data_dir)
    found = catalog_mod.load(sources, use_cache=not no_cache, progress=progress_bar())
    # The command that lists every problem of these same folders ($AI_TRACKER_DATA applies by itself).
    validate = "ai-tracker validate"
    for source in sources:
        if source.origin == "option":
            validate += f" --data-dir {shlex.quote(str(source.path))}"
        elif source.origin == "bundled" and data_dir:
            validate += f" --data-dir {folders.BUNDLED_NAME}"
    if report:
        report_skipped(found.problems, found.skipped, found.files, validate=validate)
    if not found.entries and not allow_empty:
        raise DataError(f"no valid release in {found.describe()}: every file has errors "
                        f"(`{validate}` lists them)")
    return found


def day_option(value: str | None, option: str, *, last: bool = False) -> dt.date | None:
    """A day, or the first (last=True: the last) day of a month or year: 2026-02 is
    2026-02-01 as --since and 2026-02-28 as --until."""

    if value is None:
        return None
    try:
        date = FuzzyDate.parse(value)
    except ValueError as exc:
        raise UsageError(f"{exc}", option=option) from None
    if date.precision == "window":
        raise UsageError(f"'{value}' is a window; give a day, a month or a year", option=option)
    return date.latest if last else date.earliest


def date_range(since: str | None, until: str | None) -> tuple[dt.date | None, dt.date | None]:
    start, end = day_option(since, "--since"), day_option(until, "--until", last=True)
    if start and end and end < start:
        raise UsageError(f"--since {start} is after --until {end}", option="--since/--until")
    return start, end


def week_option(value: str | None, option: str = "--week") -> IsoWeek | None:
    if value is None:
        return None
    try:
        return IsoWeek.parse(value)
    except ValueError as exc:
        raise UsageError(str(exc), option=option) from None


def country_options(values: list[str] | None, option: str = "--country") -> list[str]:
    """Codes or names ('CN', 'china', 'United Kingdom') to ISO codes."""

    codes = []
    for value in values or []:
        code = countries.lookup(value)
        region = countries.region_named(value) if code is None else None
        if region is not None:
            raise UsageError(f"'{value}' is a region, not a country: use --region '{region}'", option=option)
        if code is None:
            raise UsageError(f"unknown country '{value}': give an ISO 3166 code (CN, US, GB) or an "
                             "English country name", option=option)
        codes.append(code)
    return codes


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
    """Shell completion of release names: ids that start with what was typed, with
    their names as help. Quiet: a completion must never print an error."""

    try:
        data_dir = (ctx.params or {}).get("data_dir") if ctx is not None else None
        found = catalog_mod.load(folders.resolve_data_dirs(data_dir))
    except Exception:  # noqa: BLE001 - no data, bad folder: nothing to offer
        return []
    typed = fold(incomplete)
    return [(e.id, e.name) for e in found.entries if e.id.startswith(typed) or fold(e.name).startswith(typed)]

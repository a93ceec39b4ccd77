"""What reading commands share: loading the collection, parsing typed option values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from typing import TYPE_CHECKING

from ai_tracker import countries, vocab
from ai_tracker.cli.edge import report_skipped
from ai_tracker.dates import IsoWeek, parse_day
from ai_tracker.errors import DataError, UsageError

if TYPE_CHECKING:
    from ai_tracker.catalog import Catalog


def load_catalog(data_dir: Path | None, *, no_cache: bool = False,
                 allow_empty: bool = False) -> Catalog:
    """The collection, with skipped files reported on stderr."""
    from ai_tracker import catalog as catalog_mod  # pydantic and yaml: only when data is read

    found = catalog_mod.load(catalog_mod.resolve_data_dir(data_dir))
    report_skipped(found.problems, found.skipped, found.files)
    if not found.releases and not allow_empty:
        raise DataError(f"no valid release in '{found.root}': every file has errors "
                        "(`ai-tracker validate` lists them)")
    return found


def day_option(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_day(value)
    except ValueError as exc:
        raise UsageError(str(exc), option=option) from None


def date_range(since: str | None, until: str | None) -> tuple[dt.date | None, dt.date | None]:
    start, end = day_option(since, "--since"), day_option(until, "--until")
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
        if code is None:
            raise UsageError(f"unknown country '{value}': give an ISO 3166 code (CN, US, GB) or an "
                             "English country name", option=option)
        codes.append(code)
    return codes


def category_options(values: list[str] | None, option: str = "--category") -> list[str]:
    for value in values or []:
        if value not in vocab.CATEGORIES:
            near = vocab.nearest(value, vocab.CATEGORIES)
            hint = f"did you mean {', '.join(near)}? " if near else ""
            raise UsageError(f"unknown category '{value}'; {hint}expected one of: "
                             f"{', '.join(vocab.CATEGORIES)}", option=option)
    return list(values or [])

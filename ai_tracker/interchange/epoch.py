"""Epoch AI's "Notable AI Models" CSV to release files (`ai-tracker import epoch`).

Epoch AI (epoch.ai/data) publishes the database under CC BY 4.0: every file
written here names Epoch AI as its source, with the snapshot.

The rules, in the order a row meets them (docs/import-export.md says the same
for users):

- Columns are found by header name (case and spacing ignored), so exports with
  "Country (from Organization)" and "Country (of organization)" both work;
  other columns are ignored; a missing column we need is a DataError naming it.
- Organisations: the comma-separated "Organization" list, one entry each.
- Countries: the country column is Epoch's lookup of each organisation's
  countries, flattened: one or more values per organisation, in organisation
  order, an organisation with several homes listed as "Multinational" then
  each country ("Multinational,United States of America,United Kingdom of
  ..."). "Hong Kong,China" is one value (Hong Kong's name there), read as HK.
  With one organisation every value is its. With several, the values are cut
  into one run per organisation where a run of more than one value starts
  with "Multinational"; when exactly one such cut exists it is used,
  otherwise the row is skipped (we do not guess whose country is whose).
  "Multinational" itself is not a country and is dropped after the cut; an
  organisation left with no country skips the row. Names go through
  `countries.lookup`; UN-style "Korea (Republic of)" is tried as ISO's
  "Korea, Republic of", then pycountry's fuzzy search when it finds exactly
  one country ("Russia"). Duplicates are folded.
- released: the publication date, as precise as given (a year or a month only
  is kept as such, with a note saying so).
- categories: each Domain value mapped by DOMAINS; unknown values and ones our
  vocabulary splits differently (Video, Audio) become "other".
- open_weights / access: from Model accessibility (ACCESSIBILITY).
- sources: Epoch AI's database with the snapshot date, and each URL of the
  Link column (titled by the Reference column).
- origin: database "epoch", key (the model name), and Epoch's Confidence,
  Model accessibility and Domain exactly as written.

Every row either becomes a file or is skipped with a reason; nothing else.
"""

from __future__ import annotations

import csv
import functools
import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ai_tracker.errors import DataError
from ai_tracker.interchange.importing import (
    Database,
    Draft,
    Linker,
    Report,
    Skip,
    SkipRow,
    candidate_ids,
    check_target,
    snapshot_of,
)
from ai_tracker.interchange.importing import (
    run as run_import,
)
from ai_tracker.model import countries
from ai_tracker.model.dates import FuzzyDate
from ai_tracker.text import fold

DATABASE = "epoch"
TITLE = "Epoch AI, Notable AI Models"
PUBLISHER = "Epoch AI"
URL = "https://epoch.ai/data/notable-ai-models"
LICENCE = "CC BY 4.0"

# Logical column -> the header names it has had in Epoch's exports.
COLUMNS: dict[str, tuple[str, ...]] = {
    "model": ("Model",),
    "organization": ("Organization",),
    "country": ("Country (from Organization)", "Country (of organization)"),
    "date": ("Publication date",),
    "domain": ("Domain",),
    "accessibility": ("Model accessibility",),
    "confidence": ("Confidence",),
    "link": ("Link",),
}
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {"reference": ("Reference",)}

# Epoch's Domain values -> our categories. Video and Audio are left to "other":
# Epoch uses them for generation (Sora, MusicLM) and for understanding or
# coding (TSN, EnCodec) alike, which our vocabulary tells apart.
DOMAINS: dict[str, str] = {
    "language": "language",
    "vision": "vision",
    "multimodal": "multimodal",
    "image generation": "image-generation",
    "speech": "speech",
    "robotics": "robotics",
    "driving": "robotics",  # self-driving vehicles: perception and action
    "games": "games",
    "biology": "science",
    "mathematics": "science",
    "medicine": "science",
    "earth science": "science",
    "materials science": "science",
    "video": "other",
    "audio": "other",
    "3d modeling": "other",
    "recommendation": "other",
    "search": "other",
    "other": "other",
}

# Epoch's Model accessibility -> (open_weights, access). Blank: unknown.
ACCESSIBILITY: dict[str, tuple[bool | None, list[str]]] = {
    "open weights (unrestricted)": (True, ["open-weights"]),
    "open weights (non-commercial)": (True, ["open-weights"]),
    "open weights (restricted use)": (True, ["open-weights"]),
    "api access": (False, ["api"]),
    "hosted access (no api)": (False, ["app"]),
    "unreleased": (False, ["unreleased"]),
    "": (None, []),
}

MULTINATIONAL = "Multinational"
DATABASE_INFO = Database(
    DATABASE, "Epoch AI, Notable AI Models",
    "# From Epoch AI's Notable AI Models (CC BY 4.0). Edit freely: `ai-tracker import epoch`\n"
    "# keeps a file edited by hand unless given --force.\n", source_id="epoch")
_URL = re.compile(r"https?://[^\s,]+")


# --- reading the CSV --------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    line: int  # where the record starts in the file, for messages
    model: str
    organization: str
    country: str
    date: str
    domain: str
    accessibility: str
    confidence: str
    link: str
    reference: str = ""


def _header_key(text: str) -> str:
    return fold(text, spacing=True)


def _column_index(header: list[str], display: str) -> dict[str, int]:
    """Logical column -> position, or DataError naming the first missing column."""
    where: dict[str, int] = {}
    for i, name in enumerate(header):
        where.setdefault(_header_key(name), i)
    found: dict[str, int] = {}
    for logical, names in (COLUMNS | OPTIONAL_COLUMNS).items():
        index = next((where[_header_key(n)] for n in names if _header_key(n) in where), None)
        if index is not None:
            found[logical] = index
        elif logical in COLUMNS:
            expected = " or ".join(f"'{n}'" for n in names)
            raise DataError(f"{display}: no column {expected} in the header; is this Epoch AI's "
                            "Notable AI Models CSV?")
    return found


# Epoch's whole database is about 10 MB; far above that is not their CSV, and would
# only fill memory. The file is read as a stream, one record at a time, so only the
# few columns we keep are held, never the whole text.
MAX_CSV_BYTES = 256 * 1024 * 1024
# A row naming more organisations than this is not one model's developers (Epoch's
# most is about 30); the cut of its countries would be a deep search. Skipped, with a reason.
MAX_ORGANIZATIONS = 100


def read_csv(path: Path, shown: str | None = None) -> list[Row]:
    """Every data row of the file; DataError if it is not a CSV we can read. shown: what
    messages call the file (a download's URL), else its path."""
    display = shown or str(path)
    # Epoch's notes and abstracts can be long; the csv module's default limit is 128 KiB.
    csv.field_size_limit(max(csv.field_size_limit(), 16 * 1024 * 1024))
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_CSV_BYTES:
                raise DataError(f"{display}: {size:,} bytes is more than the {MAX_CSV_BYTES:,} an import "
                                "reads; Epoch AI's CSV is about 10 MB")
            return _rows(csv.reader(handle), display)
    except OSError as exc:
        raise DataError(f"{display}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        # Decoded a chunk at a time, so the error does not know its line: find it.
        line, byte = _first_bad_utf8(path)
        raise DataError(f"{display}:{line}: not UTF-8 (byte 0x{byte:02x}); Epoch AI's CSV is UTF-8") from None


def _first_bad_utf8(path: Path) -> tuple[int, int]:
    """Line and value of the first byte that is not UTF-8 (a line at a time: no UTF-8
    character holds a newline byte, so each line decodes on its own)."""
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                return number, line[exc.start]
    return 1, 0


def _rows(reader: Any, display: str) -> list[Row]:
    try:
        header = next(reader, None)
        if header is None:
            raise DataError(f"{display}: the file is empty")
        index = _column_index(header, display)
        rows = []
        start = reader.line_num + 1
        for record in reader:
            if any(cell.strip() for cell in record):
                values = {k: (record[i].strip() if i < len(record) else "") for k, i in index.items()}
                rows.append(Row(line=start, **values))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DataError(f"{display}:{reader.line_num}: not valid CSV: {exc}") from None
    return rows


# --- one row to a release -----------------------------------------------------------------


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def country_values(text: str) -> list[str]:
    """The country column as values: 'Hong Kong,China' is one value (HK), not two."""
    parts = _split(text)
    values: list[str] = []
    i = 0
    while i < len(parts):
        if parts[i] == "Hong Kong" and i + 1 < len(parts) and parts[i + 1] == "China":
            values.append("Hong Kong")
            i += 2
        else:
            values.append(parts[i])
            i += 1
    return values


@functools.lru_cache(maxsize=512)
def country_code(name: str) -> str | None:
    """A country name as Epoch writes it to an ISO code, or None."""
    return countries.lookup(name)


def attribute(orgs: list[str], values: list[str]) -> list[list[str]] | None:
    """Cut the country values into one run per organisation, or None if not exactly one cut works.

    A run of more than one value must start with "Multinational" (how Epoch
    lists an organisation with several countries); a single organisation
    owns every value.
    """
    if len(orgs) == 1:
        return [values]
    n = len(values)

    @functools.lru_cache(maxsize=None)
    def cuts(start: int, left: int) -> tuple[tuple[int, ...], ...]:
        if left == 0:
            return ((),) if start == n else ()
        found: list[tuple[int, ...]] = []
        for end in range(start + 1, n - left + 2):
            run = values[start:end]
            if len(run) > 1 and run[0] != MULTINATIONAL:
                break
            if MULTINATIONAL in run[1:]:
                break
            for rest in cuts(end, left - 1):
                found.append((end, *rest))
                if len(found) > 1:
                    return tuple(found)
        return tuple(found)

    found = cuts(0, len(orgs))
    if len(found) != 1:
        return None
    runs, start = [], 0
    for end in found[0]:
        runs.append(values[start:end])
        start = end
    return runs


def organizations(org_text: str, country_text: str) -> list[dict[str, Any]]:
    """The organization entries of a row, or SkipRow saying why there can be none."""
    orgs, values = _split(org_text), country_values(country_text)
    if len(orgs) > MAX_ORGANIZATIONS:
        raise SkipRow("too many organisations", f"{len(orgs)} named; at most {MAX_ORGANIZATIONS} are read")
    if not orgs and not values:
        raise SkipRow("no organisation and no country")
    if not orgs:
        raise SkipRow("no organisation", f"countries '{country_text}'")
    if not values:
        raise SkipRow("no country", f"organisations '{org_text}'")
    runs = attribute(orgs, values)
    if runs is None:
        shown = country_text if len(country_text) <= 80 else country_text[:77] + "..."
        raise SkipRow("cannot tell which country is whose",
                    f"{len(orgs)} organisations, {len(values)} country values: '{shown}'")
    merged: dict[str, list[str]] = {}
    for org, run in zip(orgs, runs):
        codes = merged.setdefault(org, [])
        for name in run:
            if name == MULTINATIONAL:
                continue
            code = country_code(name)
            if code is None:
                raise SkipRow("unknown country", f"'{name}'")
            if code not in codes:
                codes.append(code)
    for org, codes in merged.items():
        if not codes:
            raise SkipRow("organisation with no country but 'Multinational'", f"'{org}'")
    return [{"name": org, "country": codes[0] if len(codes) == 1 else codes} for org, codes in merged.items()]


def released(text: str) -> dict[str, Any]:
    if not text:
        raise SkipRow("no publication date")
    try:
        date = FuzzyDate.parse(text)
    except ValueError as exc:
        raise SkipRow("publication date is not a date", str(exc)) from None
    if date.precision not in ("day", "month", "year"):
        raise SkipRow("publication date is not a date", f"'{text}'")
    out: dict[str, Any] = {"date": str(date), "source": "epoch"}
    if date.precision != "day":
        out["note"] = f"Epoch AI gives only the {date.precision}."
    return out


def categories(domain: str) -> list[str]:
    found = [DOMAINS.get(value.casefold(), "other") for value in _split(domain)]
    return list(dict.fromkeys(found)) or ["other"]


def access(accessibility: str) -> tuple[bool | None, list[str]]:
    key = fold(accessibility, spacing=True)
    if key in ACCESSIBILITY:
        open_weights, kinds = ACCESSIBILITY[key]
        return open_weights, list(kinds)
    if key.startswith("open weights"):  # a licence class Epoch may add later
        return True, ["open-weights"]
    return None, []  # unknown: the raw text stays in origin.accessibility


def _trim_url(url: str) -> str:
    """A URL without the punctuation of the sentence around it ('...2310.17680).' ->
    '...2310.17680'); a closing bracket the URL opened itself stays."""
    while url and url[-1] in ".;:)]":
        if url[-1] in ")]" and url.count("(" if url[-1] == ")" else "[") >= url.count(url[-1]):
            break
        url = url[:-1]
    return url


def sources(row: Row, snapshot: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{"id": "epoch", "kind": "database", "title": TITLE, "publisher": PUBLISHER, "url": URL,
                                  "date": snapshot, "note": f"{LICENCE}; snapshot {snapshot}"}]
    urls = list(dict.fromkeys(_trim_url(u) for u in _URL.findall(row.link)))
    rest = _URL.sub(" ", row.link).replace(",", " ").split()
    for i, url in enumerate(urls):
        source: dict[str, Any] = {"id": "link" if i == 0 else f"link-{i + 1}",
                                  "title": " ".join(row.reference.split()) or url, "url": url}
        if i == 0 and rest:  # "(was withdrawn)", "training code:": words we must not drop
            source["note"] = f"Epoch AI's link text: {' '.join(row.link.split())}"
        out.append(source)
    if not urls and row.link:
        out.append({"id": "link", "title": " ".join(row.reference.split()) or "Link given by Epoch AI",
                    "note": f"Epoch AI's link text: {' '.join(row.link.split())}"})
    return out


def convert(row: Row, key: str, snapshot: str) -> dict[str, Any]:
    """One row to release-file data; raises SkipRow."""
    if not row.model:
        raise SkipRow("no model name")
    data: dict[str, Any] = {
        "name": row.model,
        "organization": organizations(row.organization, row.country),
        "released": released(row.date),
        "categories": categories(row.domain),
    }
    open_weights, kinds = access(row.accessibility)
    if open_weights is not None:
        data["open_weights"] = open_weights
    if kinds:
        data["access"] = kinds
    data["sources"] = sources(row, snapshot)
    origin = {"database": DATABASE, "key": key, "confidence": row.confidence or None,
              "accessibility": row.accessibility or None, "domain": row.domain or None}
    data["origin"] = {k: v for k, v in origin.items() if v is not None}
    return data


def keys(rows: list[Row]) -> list[str]:
    """Each row's key: the model name, or, where Epoch has the name on several rows,
    the name with organisations and date (so each keeps its own file)."""
    names = Counter(r.model for r in rows)
    return [r.model if names[r.model] == 1 else f"{r.model} ({r.organization}; {r.date})" for r in rows]


# --- the import ----------------------------------------------------------------------------


def _draft(row: Row, key: str, snapshot: str) -> Draft:
    org = _split(row.organization)[0] if row.organization else ""
    return Draft(key, convert(row, key, snapshot), f"line {row.line}", row.model,
                 candidate_ids(row.model, key, org, row.date))


def import_csv(path: Path, into: Path, *, snapshot: str | None = None, url: str | None = None,
               force: bool = False, dry_run: bool = False, progress: Callable[[int, int], None] | None = None,
               taken: set[str] | frozenset[str] = frozenset(), link: Linker | None = None) -> Report:
    """Import one Epoch CSV into a folder. Raises DataError/UsageError for the file or folder;
    row-level problems are in the report, never raised. url: where the file was downloaded
    from, which every message names (never the temporary file); taken and link: the rest
    of the collection (see importing.run)."""
    check_target(into)
    rows = read_csv(path, url)
    snap = snapshot_of(path, snapshot)
    report = Report(source=url or str(path), snapshot=snap, rows=len(rows))
    drafts: list[Draft] = []
    first_line: dict[str, int] = {}
    row_keys = keys(rows)
    for row, key in zip(rows, row_keys):
        if key in first_line:
            report.skipped.append(Skip(f"line {row.line}", row.model, "duplicate row",
                                       f"same model, organisation and date as line {first_line[key]}"))
            continue
        first_line[key] = row.line
        try:
            drafts.append(_draft(row, key, snap))
        except SkipRow as skip:
            report.skipped.append(Skip(f"line {row.line}", row.model, skip.reason, skip.detail))
    return run_import(DATABASE_INFO, drafts, report, into, wanted=set(row_keys), taken=taken, link=link,
               force=force, dry_run=dry_run, progress=progress)

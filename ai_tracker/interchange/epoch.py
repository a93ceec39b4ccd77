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
import datetime as dt
import functools
import hashlib
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ai_tracker.collection.folders import bundled_dir, release_files
from ai_tracker.errors import DataError, Problem, UsageError
from ai_tracker.files import yaml_reader as yamlstrict
from ai_tracker.files import yaml_writer
from ai_tracker.files.atomic import Clobber, bytes_writer, check_without_writing, create_atomically, replace_atomically
from ai_tracker.files.loader import read_release
from ai_tracker.files.yaml_reader import read_regular_file
from ai_tracker.model import countries
from ai_tracker.model.dates import FuzzyDate
from ai_tracker.model.ids import RESERVED_IDS, slugify
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
HEADER = "# ai-tracker import epoch"
_HEADER_LINE = re.compile(r"^# ai-tracker import (?P<db>[a-z0-9-]+) sha256=(?P<hash>[0-9a-f]{64})$")
_NOTE = ("# From Epoch AI's Notable AI Models (CC BY 4.0). Edit freely: `ai-tracker import epoch`\n"
         "# keeps a file edited by hand unless given --force.\n")
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


def read_csv(path: Path) -> list[Row]:
    """Every data row of the file; DataError if it is not a CSV we can read."""
    display = str(path)
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


class _Skip(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Skip:
    """A row that did not become a file, and why (reason: a short fixed phrase to count by)."""

    line: int
    model: str
    reason: str
    detail: str = ""


@dataclass
class Draft:
    """A row converted: the release file's data, before it has an id."""

    row: Row
    key: str
    data: dict[str, Any]


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
    """The organization entries of a row, or _Skip saying why there can be none."""
    orgs, values = _split(org_text), country_values(country_text)
    if len(orgs) > MAX_ORGANIZATIONS:
        raise _Skip("too many organisations", f"{len(orgs)} named; at most {MAX_ORGANIZATIONS} are read")
    if not orgs and not values:
        raise _Skip("no organisation and no country")
    if not orgs:
        raise _Skip("no organisation", f"countries '{country_text}'")
    if not values:
        raise _Skip("no country", f"organisations '{org_text}'")
    runs = attribute(orgs, values)
    if runs is None:
        shown = country_text if len(country_text) <= 80 else country_text[:77] + "..."
        raise _Skip("cannot tell which country is whose",
                    f"{len(orgs)} organisations, {len(values)} country values: '{shown}'")
    merged: dict[str, list[str]] = {}
    for org, run in zip(orgs, runs):
        codes = merged.setdefault(org, [])
        for name in run:
            if name == MULTINATIONAL:
                continue
            code = country_code(name)
            if code is None:
                raise _Skip("unknown country", f"'{name}'")
            if code not in codes:
                codes.append(code)
    for org, codes in merged.items():
        if not codes:
            raise _Skip("organisation with no country but 'Multinational'", f"'{org}'")
    return [{"name": org, "country": codes[0] if len(codes) == 1 else codes} for org, codes in merged.items()]


def released(text: str) -> dict[str, Any]:
    if not text:
        raise _Skip("no publication date")
    try:
        date = FuzzyDate.parse(text)
    except ValueError as exc:
        raise _Skip("publication date is not a date", str(exc)) from None
    if date.precision not in ("day", "month", "year"):
        raise _Skip("publication date is not a date", f"'{text}'")
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
    out: list[dict[str, Any]] = [{"id": "epoch", "title": TITLE, "publisher": PUBLISHER, "url": URL,
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


def convert(row: Row, key: str, snapshot: str) -> Draft:
    """One row to release-file data; raises _Skip."""
    if not row.model:
        raise _Skip("no model name")
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
    return Draft(row, key, data)


def keys(rows: list[Row]) -> list[str]:
    """Each row's key: the model name, or, where Epoch has the name on several rows,
    the name with organisations and date (so each keeps its own file)."""
    names = Counter(r.model for r in rows)
    return [r.model if names[r.model] == 1 else f"{r.model} ({r.organization}; {r.date})" for r in rows]


# --- ids -----------------------------------------------------------------------------------


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def _candidates(draft: Draft) -> list[str]:
    """Ids to try for a new row, plainest first; every one depends on the row alone."""

    base = slugify(draft.row.model) or f"model-{_short_hash(draft.key)}"
    if base in RESERVED_IDS:  # 'con', 'nul', ...: file names Windows cannot hold, refused by `new` too
        base = f"{base}-model"
    org = slugify(_split(draft.row.organization)[0])[:30].strip("-") if draft.row.organization else ""
    with_org = f"{base}-{org}" if org else base
    return [base, with_org, f"{with_org}-{draft.row.date}", f"{base}-{_short_hash(draft.key)}"]


def assign_ids(drafts: list[Draft], taken: set[str]) -> dict[str, str]:
    """New ids for new rows: the plain slug unless another row or file wants it too,
    then with the organisation, then the date, then a hash of the key.

    Decided per group of rows sharing a slug, so the result does not depend on
    row order; `taken` holds every id already in the folder. Returns key -> id.
    """
    ids: dict[int, str] = {}
    options = [_candidates(d) for d in drafts]
    groups: dict[str, list[int]] = defaultdict(list)
    for i, opts in enumerate(options):
        groups[opts[0]].append(i)
    used = set(taken)
    for base in sorted(groups):
        pending = groups[base]
        for level in range(4):
            wanted = Counter(options[i][level] for i in pending)
            still = []
            for i in pending:
                choice = options[i][level]
                if wanted[choice] == 1 and choice not in used:
                    ids[i] = choice
                    used.add(choice)
                else:
                    still.append(i)
            pending = still
            if not pending:
                break
        for n, i in enumerate(sorted(pending, key=lambda i: drafts[i].key), start=2):
            ids[i] = f"{options[i][3]}-{n}"  # identical keys are refused earlier; a safety net
            used.add(ids[i])
    return {drafts[i].key: release_id for i, release_id in ids.items()}


# --- the files -----------------------------------------------------------------------------


def dump_body(data: dict[str, Any]) -> str:
    return _NOTE + yaml_writer.dump(data, words_inline=True)


def body_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def render(data: dict[str, Any]) -> str:
    """The whole file: the header line with the hash of everything below it, then the body."""
    body = dump_body(data)
    return f"{HEADER} sha256={body_hash(body)}\n{body}"


@dataclass
class Existing:
    """A release file already in the target folder."""

    path: Path
    id: str
    pristine: bool  # has our header and its hash still matches: nobody edited it
    generated: bool  # has our header at all
    key: str | None  # origin.key, when origin.database is epoch
    data: dict[str, Any] | None  # the parsed body (strings), when it parses
    raw: bytes = b""  # what the scan read: the file is replaced only while it still holds this


def read_existing(path: Path) -> Existing:

    try:
        raw = read_regular_file(path)
    except (OSError, ValueError):  # a dangling link, a FIFO: not ours, so never replaced without --force
        raw = b""
    text = raw.decode("utf-8", errors="replace")
    first, _, body = text.partition("\n")
    m = _HEADER_LINE.match(first.rstrip("\r"))
    data: dict[str, Any] | None = None
    try:
        data = yamlstrict.parse(raw, positions=False).data
    except yamlstrict.YamlProblem:
        pass
    origin = data.get("origin") if isinstance(data, dict) else None
    key = origin.get("key") if isinstance(origin, dict) and origin.get("database") == DATABASE else None
    intact = m is not None and body_hash(body) == m["hash"]
    return Existing(path, path.stem, intact, m is not None,
                    key if isinstance(key, str) else None, data, raw)


def scan(folder: Path) -> list[Existing]:

    return [read_existing(Path(p)) for p in release_files(folder)] if folder.is_dir() else []


# --- the import ----------------------------------------------------------------------------


@dataclass
class Report:
    source: str
    snapshot: str
    rows: int = 0
    new: list[str] = field(default_factory=list)
    updated: list[tuple[str, list[str]]] = field(default_factory=list)  # id, fields that changed
    replaced: list[str] = field(default_factory=list)  # edited files overwritten with --force
    unchanged: list[str] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # id, why it was not overwritten
    skipped: list[Skip] = field(default_factory=list)
    not_in_snapshot: list[str] = field(default_factory=list)  # ids of earlier imports Epoch no longer lists

    @property
    def written(self) -> int:
        return len(self.new) + len(self.updated) + len(self.replaced)

    def skip_reasons(self) -> list[tuple[str, int]]:
        return Counter(s.reason for s in self.skipped).most_common()


@dataclass
class _Planned:
    draft: Draft
    id: str
    target: Path
    existing: Existing | None


def snapshot_of(path: Path, option: str | None) -> str:
    """--snapshot as given (YYYY-MM-DD, YYYY-MM or YYYY), else the file's modification month."""
    if option:
        try:
            date = FuzzyDate.parse(option)
        except ValueError as exc:
            raise UsageError(str(exc), field="snapshot") from None
        if date.precision == "window":
            raise UsageError("give one day, month or year, not a window", field="snapshot")
        return str(date)
    return dt.date.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m")


def check_target(into: Path) -> None:

    target = into.expanduser().resolve()
    bundled = bundled_dir().resolve()
    if target == bundled or bundled in target.parents:
        raise UsageError(f"'{into}' is the bundled data folder; import into a folder of your own",
                         field="into")
    if target.exists() and not target.is_dir():
        raise UsageError(f"'{into}' exists and is not a folder", field="into")


def _plan(rows: list[Row], snapshot: str, existing: list[Existing], into: Path,
          report: Report) -> list[_Planned]:
    drafts: list[Draft] = []
    first_line: dict[str, int] = {}
    row_keys = keys(rows)
    for row, key in zip(rows, row_keys):
        if key in first_line:
            report.skipped.append(Skip(row.line, row.model, "duplicate row",
                                       f"same model, organisation and date as line {first_line[key]}"))
            continue
        first_line[key] = row.line
        try:
            drafts.append(convert(row, key, snapshot))
        except _Skip as skip:
            report.skipped.append(Skip(row.line, row.model, skip.reason, skip.detail))
    by_key: dict[str, Existing] = {}
    for file in existing:
        if file.key is not None:
            by_key.setdefault(file.key, file)
    fresh = [d for d in drafts if d.key not in by_key]
    new_ids = assign_ids(fresh, {f.id for f in existing})
    planned = []
    for draft in drafts:
        old = by_key.get(draft.key)
        if old is not None:
            planned.append(_Planned(draft, old.id, old.path, old))
        else:
            release_id = new_ids[draft.key]
            planned.append(_Planned(draft, release_id, into / f"{release_id}.yaml", None))
    wanted = set(row_keys)  # a row skipped this time is still in the snapshot
    report.not_in_snapshot = sorted(f.id for f in by_key.values() if f.key not in wanted)
    return planned


def _epoch_date(data: dict[str, Any] | None) -> str | None:
    for source in (data or {}).get("sources") or []:
        if isinstance(source, dict) and source.get("id") == "epoch":
            return source.get("date")
    return None


def _changed_fields(old: dict[str, Any] | None, new_body: str) -> list[str]:

    new = yamlstrict.parse(new_body.encode("utf-8"), positions=False).data
    old = old or {}
    return [k for k in dict.fromkeys([*new, *old]) if old.get(k) != new.get(k)]


def _with_snapshot(data: dict[str, Any], snapshot: str | None) -> dict[str, Any]:
    """data with the epoch source's date (and its note) set to an earlier snapshot."""
    if snapshot is None:
        return data
    out = dict(data)
    out["sources"] = [({**s, "date": snapshot, "note": f"{LICENCE}; snapshot {snapshot}"}
                       if s["id"] == "epoch" else s) for s in data["sources"]]
    return out


def import_csv(path: Path, into: Path, *, snapshot: str | None = None, force: bool = False,
               dry_run: bool = False, progress: Callable[[int, int], None] | None = None) -> Report:
    """Import one Epoch CSV into a folder. Raises DataError/UsageError for the file or folder;
    row-level problems are in the report, never raised."""
    check_target(into)
    rows = read_csv(path)
    snap = snapshot_of(path, snapshot)
    report = Report(source=str(path), snapshot=snap, rows=len(rows))
    existing = scan(into)
    planned = _plan(rows, snap, existing, into, report)
    if not dry_run:
        try:
            into.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"cannot create '{into}': {exc.strerror or exc}", field="into") from None
    for n, item in enumerate(planned, start=1):
        _apply(item, force, dry_run, report)
        if progress is not None:
            progress(n, len(planned))
    return report


class _Invalid(Exception):
    """The file written would not load; the row is skipped."""


def _apply(item: _Planned, force: bool, dry_run: bool, report: Report) -> None:

    old = item.existing
    data = item.draft.data
    changed: list[str] = []
    if old is not None and old.pristine:
        # A new snapshot date alone is no change: the file keeps citing the
        # snapshot its data last changed in, and is not rewritten.
        body = dump_body(_with_snapshot(data, _epoch_date(old.data)))
        if old.raw.decode("utf-8", errors="replace").partition("\n")[2] == body:
            report.unchanged.append(item.id)
            return
        changed = _changed_fields(old.data, body)
    elif old is not None and not force:
        why = "edited by hand since it was imported" if old.generated else "not written by the importer"
        report.kept.append((item.id, why))
        return
    problems: list[Problem] = []

    def check(trial: Path) -> None:
        release, found = read_release(trial, str(item.target))
        if release is None:
            problems.extend(found)
            raise _Invalid

    # Written in a hidden folder first and read back with the loader; only a
    # valid file is moved into place.
    # A file is never replaced unless it still holds what the scan read, and a new one
    # never lands on a name taken meanwhile (a `new`, a hand edit while the import ran).
    write = bytes_writer(render(data).encode("utf-8"))
    try:
        if dry_run:
            check_without_writing(item.target, write, check)
        elif old is None:
            create_atomically(item.target, write, check=check)
        else:
            replace_atomically(item.target, write, check=check, expect=old.raw)
    except _Invalid:
        report.skipped.append(Skip(item.draft.row.line, item.draft.row.model, "would not be a valid file",
                                   str(problems[0]) if problems else ""))
        return
    except Clobber:
        why = "written by someone else while the import ran" if old is None else "changed while the import ran"
        report.kept.append((item.id, why))
        return
    if old is None:
        report.new.append(item.id)
    elif old.pristine:
        report.updated.append((item.id, changed))
    else:
        report.replaced.append(item.id)

"""`ai-tracker new`: add a release file, safely.

The values come from options or, on a terminal, from questions. They are
checked one by one (so an error names the option), the file is built from the
JSON Schema, checked again by the same loader as every other file, written
atomically, and read back.
"""

from __future__ import annotations

import errno
import os
import re
import shlex
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, NamedTuple, Optional, TypeVar

import typer

from ai_tracker.cli.edge import say
from ai_tracker.collection.folders import ENV_VAR, check_data_dir, clashing_files, resolve_data_dir
from ai_tracker.errors import DataError, UsageError
from ai_tracker.files import atomic, newfile
from ai_tracker.files.loader import read_release
from ai_tracker.files.yaml_reader import read_regular_file
from ai_tracker.model import countries, schema, vocab
from ai_tracker.model.dates import FuzzyDate
from ai_tracker.output import render
from ai_tracker.text import IN_FILE, IN_LINE, file_name, fold, refused

T = TypeVar("T")

_URL = re.compile(r"^https?://[^\s/]+\S*$", re.IGNORECASE)
SOURCE_ID = "s1"


# --- one value at a time: option or answer to a question ----------------------

def _text(value: str, *, multiline: bool = False) -> str:
    text = value.strip()
    if not text:
        raise ValueError("is empty")
    # Control characters never belong in a release file; one-line fields refuse newlines and tabs too.
    bad = (IN_FILE if multiline else IN_LINE).search(text)
    if bad:
        code = ord(bad.group())
        if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (Python's surrogateescape of argv and stdin)
            raise ValueError(f"byte 0x{code - 0xDC00:02X} is not UTF-8: give the text in UTF-8")
        raise ValueError(refused(bad.group()).removesuffix(" in a release file"))
    return text


def _country(value: str) -> str:
    text = _text(value)
    code = countries.lookup(text)
    if code is None:
        better = countries.suggest(text)
        hint = vocab.did_you_mean([f"{better} ({countries.name_of(better)})"] if better else [])
        raise ValueError(f"unknown country '{text}': give an ISO 3166 code (CN, US, GB) or an English "
                         f"country name{hint}")
    return code


def _date(value: str) -> str:
    text = _text(value)
    return str(FuzzyDate.parse(text))  # ValueError says what was expected


def _word(kind: str, words: dict[str, str]) -> Callable[[str], str]:
    def check(value: str) -> str:
        text = _text(value)
        if text in words:
            return text
        near = vocab.nearest(text, words)
        hint = vocab.did_you_mean(near, before="", after=" ")
        raise ValueError(f"unknown {kind} '{text}'; {hint}expected one of: {', '.join(words)}")

    return check


def _words(check: Callable[[str], str]) -> Callable[[str], list[str]]:
    """For answers: several words, comma-separated, once each."""
    def parse(value: str) -> list[str]:
        items = [check(part) for part in value.split(",") if part.strip()]
        if not items:
            raise ValueError("is empty")
        return list(dict.fromkeys(items))

    return parse


def _source(value: str, title: str | None) -> dict[str, Any]:
    text = _text(value)
    if _URL.match(text):
        # No title given: the address itself, without the scheme, stands in
        # for it rather than a made-up one.
        return {"id": SOURCE_ID, "title": title or re.sub(r"^https?://", "", text, flags=re.IGNORECASE),
                "url": text}
    return {"id": SOURCE_ID, "title": text}


def _option(option: str, parse: Callable[[str], T], value: str) -> T:
    try:
        return parse(value)
    except ValueError as exc:
        reason = str(exc)
        raise UsageError(f"'{value}' {reason}" if reason == "is empty" else reason, option=option) from None


class NoAnswer(Exception):
    """Standard input ended, or is closed, before a question was answered."""


def _ask(label: str, parse: Callable[[str], T]) -> T:
    """Ask on stderr until the answer parses. Not typer.prompt: it echoes the
    prompt's last character to stdout, which `new` keeps for the file's path."""

    while True:
        sys.stderr.write(f"{label}: ")
        sys.stderr.flush()
        answer = _answer(label)
        try:
            return parse(answer)
        except ValueError as exc:
            say(f"error: {exc}")


def _answer(label: str) -> str:
    """One line of standard input; NoAnswer when there is none to read (the caller says
    what is missing). Each way a read can fail ends the question's line first."""
    try:
        return input()
    except KeyboardInterrupt:  # Ctrl-C: the edge says "interrupted", exit 130
        sys.stderr.write("\n")
        raise
    except EOFError:
        sys.stderr.write("\n")
        raise NoAnswer("input ended") from None
    except UnicodeDecodeError:
        sys.stderr.write("\n")
        encoding = getattr(sys.stdin, "encoding", None) or "UTF-8"
        raise DataError(f"the answer to '{label}' is not {encoding} text") from None
    except (RuntimeError, ValueError):  # no stdin at all ("lost sys.stdin"), or a closed one
        sys.stderr.write("\n")
        raise NoAnswer("standard input is closed") from None
    except OSError as exc:  # a terminal that went away (EIO), a folder as stdin (EISDIR)
        sys.stderr.write("\n")
        if exc.errno == errno.EBADF:  # no stdin to read (write-only, or not open): as closed
            raise NoAnswer("standard input is not open for reading") from None
        raise DataError(f"cannot read the answer to '{label}' from standard input: {exc.strerror or exc}") from None


def stdin_unreadable() -> str | None:
    """Why there is no standard input to read, or None: none or closed, or a descriptor
    not open for reading (`0>&3` with 3 opened write-only), which fails at the first read."""
    stream = sys.stdin
    if stream is None or stream.closed:
        return "standard input is closed"
    try:
        fd = stream.fileno()
        import fcntl  # POSIX; elsewhere the first read says
    except (OSError, ValueError, AttributeError, ImportError):
        return None  # not a file (a test's stream): its reads say
    try:
        mode = fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE
    except OSError:
        return "standard input is closed"  # not an open descriptor
    return "standard input is not open for reading" if mode == os.O_WRONLY else None


def stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


# --- the values of one new release ----------------------------------------------

class Known(NamedTuple):
    """An organisation of the registry, as `--org` named it (by id, name or alias)."""

    id: str
    name: str
    country: str


@dataclass
class Values:
    name: str | None = None
    release_id: str | None = None
    orgs: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    released: str | None = None
    categories: list[str] = field(default_factory=list)
    source: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # Every --org the registry knows: the file names it by id and takes its country from
    # there, as every release file that names a registry organisation does.
    known: dict[str, Known] = field(default_factory=dict)

    def unknown(self) -> list[str]:
        return [org for org in self.orgs if org not in self.known]

    def missing(self) -> list[str]:
        # No organisation yet, or one the registry does not know: a country is needed.
        countries = self.countries or (self.orgs and not self.unknown())
        country = "--country"
        if self.known and not countries:  # say which, when some brought theirs
            country += f" (for {', '.join(repr(org) for org in self.unknown())})"
        wanted = [("NAME", self.name), ("--org", self.orgs), (country, countries),
                  ("--released", self.released), ("--category", self.categories), ("--source", self.source)]
        return [option for option, value in wanted if not value]

    def pairs(self) -> list[tuple[str, list[str]]]:
        """Each organisation with its countries: a known one has the registry's; of the
        others, one takes every country given, several share one country or take one
        each, in order. One --country per --org, in order, also pairs a known one, and
        must then say what the registry says."""

        orgs, codes = self.orgs, self.countries
        if len(orgs) > 1 and len(codes) == len(orgs):
            pairs = [(org, [code]) for org, code in zip(orgs, codes)]
        else:
            unknown = self.unknown()
            if len(unknown) > 1 and len(codes) > 1 and len(codes) != len(unknown):
                raise UsageError(f"{len(unknown)} organisations and {len(codes)} countries: give one --country "
                                 "for all, or one per --org in the same order", option="--country")
            own = ([codes] * len(unknown) if len(unknown) <= 1 or len(codes) <= 1
                   else [[code] for code in codes])
            given = dict(zip(unknown, own))
            pairs = [(org, given.get(org, codes if not unknown else [])) for org in orgs]
        for org, org_codes in pairs:
            self._check_known(org, org_codes)
        return pairs

    def _check_known(self, org: str, codes: list[str]) -> None:
        known = self.known.get(org)
        if known is None or not codes or codes == [known.country]:
            return
        raise UsageError(f"'{org}' is the registry's organisation '{known.id}' ({known.name}), of "
                         f"{known.country} ({countries.name_of(known.country)}), not {', '.join(codes)}: leave out "
                         "--country for it (it brings its country from the registry), or correct the registry "
                         "(organizations.yaml)", option="--country")

    def data(self) -> dict[str, Any]:
        """The release as plain data, in the shape of a release file: an organisation the
        registry knows by its id, the others written out."""
        organization: list[Any] = []
        for org, codes in self.pairs():
            if org not in self.known:
                organization.append({"name": org, "country": codes[0] if len(codes) == 1 else list(codes)})
            elif self.known[org].id not in organization:  # `zhipu-ai` and `Zhipu AI` are one organisation
                organization.append(self.known[org].id)
        data: dict[str, Any] = {
            "name": self.name,
            "organization": organization,
            "released": {"date": self.released, "source": SOURCE_ID},
            "categories": self.categories,
            "sources": [self.source],
        }
        data.update(self.extra)
        return data


Finder = Callable[[str], "Known | None"]


def registry_finder(folder: Path) -> Finder:
    """The organisation an --org names, by the registry's id, name or alias (any case),
    or None: the bundled registry with the data folder's own organizations.yaml on top,
    as every command that reads the folder sees it."""
    from ai_tracker.collection import registry as registry_mod

    registry = registry_mod.load(folder, {}, {})
    terms = registry.lookup_terms()

    def find(org: str) -> Known | None:
        org_id = terms.get(fold(org, spacing=True))
        if org_id is None:
            return None
        entry = registry.organizations[org_id]
        return Known(org_id, entry["name"], entry["country"])

    return find


def _from_registry(known: Known) -> str:
    return f"the registry's '{known.id}' ({known.name}, {known.country})"


def _add_orgs(values: Values, orgs: list[str], find: Finder) -> None:
    values.orgs += orgs
    for org in orgs:
        known = find(org)
        if known is not None:
            values.known[org] = known


def _from_options(name: str | None, release_id: str | None, org: list[str] | None,
                  country: list[str] | None, released: str | None, category: list[str] | None,
                  source: str | None, source_title: str | None, alias: list[str] | None,
                  summary: str | None, open_weights: bool | None, access: list[str] | None,
                  license_: str | None, find: Finder) -> Values:

    values = Values()
    values.name = _option("NAME", _text, name) if name is not None else None
    values.release_id = release_id
    _add_orgs(values, [_option("--org", _text, o) for o in org or []], find)
    values.countries = list(dict.fromkeys(_option("--country", _country, c) for c in country or []))
    values.released = _option("--released", _date, released) if released is not None else None
    check_category = _word("category", vocab.CATEGORIES)
    values.categories = list(dict.fromkeys(_option("--category", check_category, c) for c in category or []))
    title = _option("--source-title", _text, source_title) if source_title is not None else None
    values.source = _option("--source", lambda s: _source(s, title), source) if source is not None else None
    extra: dict[str, Any] = {}
    if alias:
        extra["aliases"] = list(dict.fromkeys(_option("--alias", _text, a) for a in alias))
    if summary is not None:
        extra["summary"] = _option("--summary", lambda s: _text(s, multiline=True), summary)
    if open_weights is not None:
        extra["open_weights"] = open_weights
    if access:
        check_access = _word("access kind", vocab.ACCESS)
        extra["access"] = list(dict.fromkeys(_option("--access", check_access, a) for a in access))
    if license_ is not None:
        extra["license"] = _option("--license", _text, license_)
    values.extra = extra
    values.pairs()  # refuse a mismatch of --org and --country before asking anything
    return values


def _ask_missing(values: Values, find: Finder) -> None:
    """The required fields not given as options, one question each."""

    if not values.name:
        values.name = _ask("Name (e.g. Qwen3)", _text)
    values.release_id = _release_id(values, asking=True)
    if not values.orgs:
        _add_orgs(values, [_ask("Organization (the developer)", _text)], find)
    if not values.countries:
        # A known organisation brings its country; each other one is asked for its own.
        # (One answer per other organisation pairs each with its own, as `pairs` reads them.)
        for org in values.orgs:
            if org in values.known:
                say(f"{org} is {_from_registry(values.known[org])}: its country comes from the registry")
        values.countries = [_ask(f"Country of {org} (ISO code or English name: CN, US, France)", _country)
                            for org in values.unknown()]
    if not values.released:
        values.released = _ask("Released (a day 2026-02-12, a month 2026-02, a year 2026, "
                               "or a window 2026-02-12..2026-02-14)", _date)
    if not values.categories:
        values.categories = _ask(f"Categories, comma-separated ({', '.join(vocab.CATEGORIES)})",
                                 _words(_word("category", vocab.CATEGORIES)))
    if not values.source:
        values.source = _ask("Source (a URL or a title)", lambda s: _source(s, None))


def _has_id(name: str) -> bool:
    try:
        newfile.id_from_name(name)
    except UsageError:
        return False
    return True


def _release_id(values: Values, asking: bool) -> str:
    if values.release_id is not None:
        return newfile.check_id(values.release_id.strip())
    assert values.name is not None
    try:
        return newfile.id_from_name(values.name)
    except UsageError:
        if not asking:
            raise

    def parse(answer: str) -> str:
        try:
            return newfile.check_id(answer.strip())
        except UsageError as exc:
            raise ValueError(str(exc)) from None

    return _ask("Id (the file name: lowercase letters, digits and hyphens, e.g. an English or pinyin name)",
                parse)


# --- where the file goes ---------------------------------------------------------

def resolve_folder(option: Path | None) -> tuple[Path, str]:
    """`--data-dir`, else $AI_TRACKER_DATA, resolved as every other command does,
    so `list` shows what `new` wrote; also where it was named, for messages.

    Never the bundled data of an installed tool: that lives inside the
    package, where a file would be lost on the next upgrade.
    """

    data_dir = resolve_data_dir(option)
    if data_dir.origin == "bundled":
        raise UsageError(f"no data folder: give your collection's folder with --data-dir DIR or {ENV_VAR} "
                         "(the bundled data is read-only; `list`, `validate` and the rest read the folder "
                         "you give them the same way)", option="--data-dir")
    check_data_dir(data_dir, if_missing="; create it first")
    return data_dir.path, {"option": "--data-dir", "environment": ENV_VAR}.get(data_dir.origin, "the bundled data")


def _display(path: Path) -> str:
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# Which option a field of the file came from, for errors from the loader.
_FIELD_OPTIONS = [("name", "NAME"), ("aliases", "--alias"), ("organization", "--org"),
                  ("released", "--released"), ("categories", "--category"), ("sources", "--source"),
                  ("summary", "--summary"), ("open_weights", "--open-weights"), ("access", "--access"),
                  ("license", "--license")]


def _option_of(field_label: str | None) -> str | None:
    if not field_label:
        return None
    if field_label.startswith("organization") and ".country" in field_label:
        return "--country"
    if field_label.startswith("sources") and field_label.endswith(".title"):
        return "--source/--source-title"
    for prefix, option in _FIELD_OPTIONS:
        if field_label == prefix or field_label.startswith((prefix + ".", prefix + "[")):
            return option
    return field_label


def _checker(display: str) -> Callable[[Path], None]:
    """Validate a written file with the loader every other file goes through."""

    def check(path: Path) -> None:
        release, problems = read_release(path, display)
        if problems:
            first = problems[0]
            raise UsageError(first.message, option=_option_of(first.field))

    return check


# --- the command -------------------------------------------------------------------

def new_command(
    name: Annotated[Optional[str], typer.Argument(
        metavar="NAME", show_default=False, help="The release's name, e.g. 'Qwen3'.")] = None,
    release_id: Annotated[Optional[str], typer.Option(
        "--id", metavar="ID", help="The id (file name without .yaml) [default: slugged from NAME].")] = None,
    org: Annotated[Optional[list[str]], typer.Option(
        "--org", metavar="ORG", help="Organisation that made it: one of the registry (its id, name or alias) "
        "brings its country; repeat for several.")] = None,
    country: Annotated[Optional[list[str]], typer.Option(
        "--country", "-c", metavar="COUNTRY", help="Its country: ISO code or English name; one for all organisations, "
        "one per --org, or several for one organisation; not needed for one of the registry.")] = None,
    released: Annotated[Optional[str], typer.Option(
        metavar="DATE", help="Release date as precise as the source: 2026-02-12, 2026-02, 2026 or 2026-02-12..2026-02-14.")
    ] = None,
    category: Annotated[Optional[list[str]], typer.Option(
        "--category", metavar="CATEGORY", help="Category (language, coding, video-generation, ...); repeatable.")] = None,
    source: Annotated[Optional[str], typer.Option(
        metavar="URL|TITLE", help="Where the facts come from: a URL or a title. Becomes sources: s1.")] = None,
    source_title: Annotated[Optional[str], typer.Option(
        metavar="TITLE", help="The source's title, when --source is a URL.")] = None,
    alias: Annotated[Optional[list[str]], typer.Option(
        "--alias", metavar="NAME", help="Another name or spelling; repeatable.")] = None,
    summary: Annotated[Optional[str], typer.Option(
        metavar="TEXT", help="One or two sentences on what it is.")] = None,
    open_weights: Annotated[Optional[bool], typer.Option(
        "--open-weights/--closed", show_default=False, help="Weights published, or not.")] = None,
    access: Annotated[Optional[list[str]], typer.Option(
        "--access", metavar="KIND", help="How people can use it (open-weights, api, app, ...); repeatable.")] = None,
    license_: Annotated[Optional[str], typer.Option(
        "--license", metavar="LICENSE", help="The licence, e.g. Apache-2.0.")] = None,
    data_dir: Annotated[Optional[Path], typer.Option(
        "--data-dir", "-d", metavar="DIR", show_default=False,
        help="Folder to write into [default: $AI_TRACKER_DATA; one of the two is needed].")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the file instead of writing it.")] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace an existing file with this id, or write beside one whose id differs only in "
                        "hyphens.")] = False,
    interactive: Annotated[Optional[bool], typer.Option(
        "--interactive/--no-interactive", "-i", show_default=False,
        help="Ask for missing required values [default: only when stdin is a terminal].")] = None,
) -> None:
    """Add a release file, checked like every other.

    Writes DIR/<id>.yaml. Required: NAME, --org, --country (not for an
    organisation of the registry: the file names it by id, and it brings its
    country), --released, --category, --source; on a terminal, missing ones are
    asked for. Fields not given stay in the file as commented hints to finish
    by hand. An existing file is never replaced without --force.
    """

    folder, origin = resolve_folder(data_dir)
    find = registry_finder(folder)
    values = _from_options(name, release_id, org, country, released, category, source, source_title,
                           alias, summary, open_weights, access, license_, find)
    asking = interactive if interactive is not None else stdin_is_terminal()
    if values.missing() and not asking:
        raise UsageError(f"missing {', '.join(values.missing())}: give them as options, or run on a "
                         "terminal (or with --interactive) to be asked")
    if asking:
        try:
            unreadable = stdin_unreadable() if values.missing() else None
            if unreadable:
                raise NoAnswer(unreadable)
            _ask_missing(values, find)
        except NoAnswer as exc:
            missing = values.missing()
            if values.name and values.release_id is None and not _has_id(values.name):
                missing.insert(0, "--id")  # a name without Latin letters: the id was (or was to be) asked
            raise UsageError(f"{exc}: missing {', '.join(missing)}; give them as options") from None
    rid = values.release_id if asking else _release_id(values, asking=False)
    assert rid is not None

    clashes, similar = clashing_files(folder, rid)
    if clashes and not force:
        raise DataError(f"id '{rid}' is taken: {_display(clashes[0])} exists{_why(clashes[0], folder, rid)}; "
                        "choose another --id, or --force to replace it")
    if len(clashes) > 1:
        raise DataError(f"id '{rid}' is taken by {len(clashes)} files ({', '.join(map(_display, clashes))}); "
                        "remove all but one by hand first")
    if similar and not force:
        # qwen3 and qwen-3: almost surely one release, which the lookup could not tell apart.
        raise DataError(f"{_display(similar[0])} has nearly the same id as '{rid}' (they differ only in "
                        "hyphens); if it is the same release, edit that file; if not, give an --id and a "
                        "name that tell them apart, or --force to write it beside it anyway")
    replacing = clashes[0] if clashes else None
    replaced = _read_for_replacing(replacing) if replacing else None
    target = (replacing.parent if replacing else folder) / f"{rid}.yaml"
    display = _display(target)

    def made(ascii_only: bool) -> str:
        return newfile.render(values.data(), schema.json_schema(), newfile.schema_line(target, folder),
                              SOURCE_ID, ascii_only=ascii_only)

    text = made(False)
    check = _checker(display)
    if dry_run:
        atomic.check_without_writing(target, atomic.bytes_writer(text.encode("utf-8")), check)
        # As every YAML on stdout: with YAML's escapes where stdout's encoding lacks a character.
        sys.stdout.write(render.yaml_for_stdout(lambda ascii_only: made(ascii_only) if ascii_only else text))
        say(f"dry run: would write {display} (id {rid}); nothing written")
        _registry_notes(values)
        return

    raw = text.encode("utf-8")
    if replacing is None:  # never over a file that appeared meanwhile
        atomic.create_atomically(target, atomic.bytes_writer(raw), check=check, durable=True)
    else:  # --force: the old file (maybe another case of the name) goes, if it is still what was found
        atomic.replace_atomically(target, atomic.bytes_writer(raw), check=check, durable=True, remove=replacing,
                                  expect=replaced)
    release, problems = read_release(target, display)
    if problems or target.read_bytes() != raw:
        raise DataError(f"{display} was written but does not read back as written: "
                        f"{problems[0] if problems else 'its content changed'}")
    typer.echo(file_name(display))  # a folder name is untrusted text: escaped as every output escapes it
    verb = "replaced" if replacing else "wrote"
    where = "" if origin == "--data-dir" else f" (into {origin})"
    say(f"{verb} {display}{where}: id {rid}. Fill in the commented fields, then run "
        f"`ai-tracker validate --data-dir {shlex.quote(_display(folder))}`")
    _registry_notes(values)
    for other in similar:
        say(f"note: --force wrote it beside {_display(other)}, whose id differs only in hyphens; "
            "if they are the same release, keep only one")
    if not (folder / newfile.SCHEMA_FILE).exists():
        say(f"note: no {newfile.SCHEMA_FILE} in {_display(folder)}; for editor checks run "
            f"`ai-tracker schema --out {shlex.quote(_display(folder / newfile.SCHEMA_FILE))}`")


def _registry_notes(values: Values) -> None:
    for org in values.orgs:
        if org in values.known:
            say(f"note: --org '{org}' is {_from_registry(values.known[org])}: the file names it by id and "
                "takes its country from the registry")


def _read_for_replacing(path: Path) -> bytes:
    """What --force replaces, read now: the write checks it is still that."""
    try:
        return read_regular_file(path)  # never a FIFO's endless wait
    except OSError as exc:
        raise DataError(f"cannot read {_display(path)}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise DataError(f"{_display(path)}: {exc}; not replaced") from None


def _why(clash: Path, folder: Path, release_id: str) -> str:
    """Why a file that is not `<folder>/<id>.yaml` still clashes."""
    if clash.name != f"{release_id}.yaml":
        return " (file names that differ only in case or Unicode form clash on macOS and Windows)"
    if clash.parent != folder:
        return " (ids are unique in the whole data folder, subfolders included)"
    return ""


def register(app: typer.Typer) -> None:
    app.command("new")(new_command)

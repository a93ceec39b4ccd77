"""models.dev (github.com/anomalyco/models.dev, MIT) to release files (`ai-tracker import models-dev`).

SOURCE is a checkout of the repository or the JSON models.dev serves:

- a checkout: `models/<lab>/**/*.toml` holds the facts about each model
  (name, family, release_date, open_weights, limits, modalities); the lab's
  own provider (`providers/<lab>/models/<id>.toml`) adds its prices. Older
  snapshots have no `models/`: then the models are read from
  `providers/<provider>/models/`, where a provider that the registry knows as
  an organisation is the lab, and every other provider (openrouter, azure,
  ...) is a host, left out and named in the summary.
- `models.json` (model id -> facts), `api.json` (provider -> its models, with
  prices) or `catalog.json` (both).

The rules (docs/import-export.md says the same for users):

- **Labs** come from the organisation registry: a models.dev lab (or lab
  provider) is the registry organisation whose id, name or alias is its
  name, separators ignored (`zhipuai` is `zhipu-ai`, `zai` is Z.ai), or the
  one LABS names where models.dev's word is not one of those. A lab the
  registry does not know is skipped and reported: a country is never guessed.
- **Variants**: the models one lab released on one day whose names share
  the series and version (the words up to and including the first with a
  digit: `GPT-5.4 mini` and `GPT-5.4 nano` are `gpt-5.4`; the four `Gemma 4`
  sizes are `gemma 4`) are one release that lists each as a variant, with
  its own key, context window, output limit and prices. models.dev's own
  `family` field is not used: it is too coarse (`gpt` for GPT-4o and GPT-5
  alike) and splits what a lab announced together (`gpt-mini`, `gpt-nano`).
  The release is named after the variant whose name is just the series and
  version, else the shortest name.
- A file whose id ends in `latest` (`gpt-5-chat-latest`, `mistral-medium-latest`)
  is an alias that follows the newest model, not a model: skipped and counted.
- **Sources**: each release cites models.dev once per file it came from, with
  the commit and its date (a checkout) or the snapshot date (JSON), and a
  link to the file at that commit.
- categories: reasoning if `reasoning = true`; from the output modalities
  (image -> image-generation, audio -> speech, video -> video-generation,
  none but text -> language); embedding models (family or name) -> embedding.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ai_tracker.collection.folders import files_below
from ai_tracker.collection.matching import series
from ai_tracker.errors import DataError
from ai_tracker.interchange.importing import (
    Database,
    Draft,
    Linker,
    Report,
    Skip,
    candidate_ids,
    check_target,
    snapshot_of,
)
from ai_tracker.interchange.importing import run as run_import
from ai_tracker.model import vocab
from ai_tracker.model.dates import FuzzyDate
from ai_tracker.text import name_key

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

DATABASE = "models-dev"
REPOSITORY = "https://github.com/anomalyco/models.dev"
LICENCE = "MIT"
DATABASE_INFO = Database(
    DATABASE, "models.dev",
    "# From models.dev (github.com/anomalyco/models.dev, MIT). Edit freely: `ai-tracker import\n"
    "# models-dev` keeps a file edited by hand unless given --force.\n", source_id="models-dev")

# models.dev's lab words that are not an id, name or alias of the registry's organisation.
LABS = {"mistral": "mistral-ai", "alibaba": "alibaba-cloud", "google": "google-deepmind",
        "sakana": "sakana-ai", "sarvam": "sarvam-ai"}

_MODALITIES = {"text", "image", "audio", "video", "pdf"}
_OUTPUT_CATEGORIES = {"image": "image-generation", "audio": "speech", "video": "video-generation"}


@dataclass
class Model:
    """One model as models.dev describes it."""

    lab: str  # models.dev's lab folder (or provider) name
    id: str  # "<lab>/<model id>": the key a re-import finds the file by
    file: str  # where it came from: a repository path, or "api.json#openai/gpt-4"
    facts: dict[str, Any]
    cost: dict[str, Any] | None = None
    cost_file: str | None = None


@dataclass
class Snapshot:
    date: str  # the commit's day, or the snapshot's
    commit: str | None = None
    url: str | None = None  # where JSON was downloaded from

    def link(self, file: str) -> str | None:
        if self.commit and "#" not in file:
            return f"{REPOSITORY}/blob/{self.commit}/{file}"
        return self.url

    def note(self) -> str:
        return f"{LICENCE}; commit {self.commit}" if self.commit else f"{LICENCE}; snapshot {self.date}"


@dataclass
class Read:
    models: list[Model] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)  # providers left out: not labs the registry knows
    served: list[str] = field(default_factory=list)  # a lab's models on a host's API, left out
    skipped: list[Skip] = field(default_factory=list)


# --- reading -------------------------------------------------------------------------------


def _toml(path: Path, shown: str) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{shown}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{shown}: not valid TOML: {exc}") from None
    except ValueError as exc:  # an integer of over 4,300 digits (TOML's own limit is 64 bits)
        raise DataError(f"{shown}: not valid TOML: {str(exc).splitlines()[0][:120]}") from None
    except RecursionError:  # arrays or tables nested hundreds deep: the parser recurses
        raise DataError(f"{shown}: not valid TOML: nested too deeply to read") from None


def _tomls(folder: Path) -> list[tuple[str, Path]]:
    """(model id, path) of every .toml below folder, ids with '/' for subfolders, in order."""
    found = []
    for path in files_below(folder, ".toml"):
        found.append((path.relative_to(folder).with_suffix("").as_posix(), path))
    return found


def read_checkout(root: Path, lab_of: Callable[[str], str | None]) -> Read:
    read = Read()
    models_dir, providers = root / "models", root / "providers"
    if not models_dir.is_dir() and not providers.is_dir():
        raise DataError(f"{root}: no models/ and no providers/ folder; is this a checkout of models.dev "
                        f"({REPOSITORY})?")
    if models_dir.is_dir():
        for lab_dir in sorted(p for p in models_dir.iterdir() if p.is_dir()):
            for model_id, path in _tomls(lab_dir):
                file = path.relative_to(root).as_posix()
                facts = _safe_toml(path, file, read)
                if facts is None:
                    continue
                model = Model(lab_dir.name, f"{lab_dir.name}/{model_id}", file, facts)
                priced = providers / lab_dir.name / "models" / f"{model_id}.toml"
                if priced.is_file():
                    cost = (_safe_toml(priced, priced.relative_to(root).as_posix(), read) or {}).get("cost")
                    if isinstance(cost, dict):
                        model.cost, model.cost_file = cost, priced.relative_to(root).as_posix()
                read.models.append(model)
        return read
    # An older snapshot: each lab's models only under its own provider.
    seen: set[tuple[str, str]] = set()
    for provider in sorted(p for p in providers.iterdir() if p.is_dir()):
        org = lab_of(provider.name)
        if org is None:
            read.hosts.append(provider.name)
            continue
        for model_id, path in _tomls(provider / "models"):
            if (org, model_id) in seen:  # zai and zhipuai both serve GLM-5: one model
                continue
            seen.add((org, model_id))
            file = path.relative_to(root).as_posix()
            facts = _safe_toml(path, file, read)
            if facts is not None:
                cost = facts.get("cost")
                read.models.append(Model(provider.name, f"{provider.name}/{model_id}", file, facts,
                                         cost if isinstance(cost, dict) else None, file))
    return read


def _safe_toml(path: Path, shown: str, read: Read) -> dict[str, Any] | None:
    try:
        return _toml(path, shown)
    except DataError as exc:
        read.skipped.append(Skip(shown, path.stem, "not valid TOML", str(exc).split(": ", 1)[-1]))
        return None


def read_json(path: Path, lab_of: Callable[[str], str | None], url: str | None = None) -> Read:
    """The models of a JSON file; url: where it was downloaded from, which messages name."""
    shown, named = path.name, url or str(path)
    try:
        data = json.loads(path.read_bytes())
    except OSError as exc:
        raise DataError(f"{named}: cannot read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"{named}: not valid JSON: {exc}") from None
    except (ValueError, RecursionError) as exc:  # an integer of over 4,300 digits; nesting past the stack
        raise DataError(f"{named}: not usable JSON: {str(exc).splitlines()[0][:120]}") from None
    read = Read()
    if isinstance(data, dict) and isinstance(data.get("models"), dict) and isinstance(data.get("providers"), dict):
        _from_models_json(data["models"], shown, read, data["providers"])  # catalog.json
    elif isinstance(data, dict) and data and all(isinstance(v, dict) and isinstance(v.get("models"), dict)
                                                 for v in data.values()):
        _from_api_json(data, shown, read, lab_of)
    elif isinstance(data, dict) and data and all(isinstance(v, dict) and "/" in k for k, v in data.items()):
        _from_models_json(data, shown, read, {})
    else:
        raise DataError(f"{named}: not models.dev's JSON: expected api.json (provider -> models), models.json "
                        "(\"lab/model\" -> facts) or catalog.json (models and providers)")
    return read


def _from_models_json(models: dict[str, Any], shown: str, read: Read, providers: dict[str, Any]) -> None:
    for model_id, facts in sorted(models.items()):
        if not isinstance(facts, dict) or "/" not in model_id:
            continue
        lab, rest = model_id.split("/", 1)
        model = Model(lab, model_id, f"{shown}#{model_id}", facts)
        served = ((providers.get(lab) or {}).get("models") or {}).get(rest)
        if isinstance(served, dict) and isinstance(served.get("cost"), dict):
            model.cost, model.cost_file = served["cost"], f"{shown}#providers/{lab}/{rest}"
        read.models.append(model)


def _from_api_json(providers: dict[str, Any], shown: str, read: Read, lab_of: Callable[[str], str | None]) -> None:
    seen: set[tuple[str, str]] = set()
    named: set[tuple[str, str]] = set()  # (lab, name) of what the labs serve themselves
    hosted: list[tuple[str, str, str, dict[str, Any]]] = []
    for provider_id, provider in sorted(providers.items()):
        org = lab_of(provider_id)
        if org is None:
            read.hosts.append(provider_id)
            continue
        for model_id, facts in sorted(provider["models"].items()):
            if not isinstance(facts, dict) or (org, model_id) in seen:
                continue
            lab = model_id.split("/", 1)[0] if "/" in model_id else None
            if lab is not None and lab_of(lab) != org:
                # `minimaxai/minimax-m3` on NVIDIA's API is MiniMax's model, served by NVIDIA:
                # never NVIDIA's release. Decided below, once every lab's own list is read.
                hosted.append((provider_id, model_id, lab, facts))
                continue
            seen.add((org, model_id))
            named.add((org, name_key(str(facts.get("name", "")))))
            cost = facts.get("cost")
            file = f"{shown}#{provider_id}/{model_id}"
            read.models.append(Model(provider_id, f"{provider_id}/{model_id}", file, facts,
                                     cost if isinstance(cost, dict) else None, file))
    for provider_id, model_id, lab, facts in hosted:
        org = lab_of(lab)
        key = (org or "", name_key(str(facts.get("name", ""))))
        if org is None or key in named:
            # A lab the registry does not know (no country to give it), or one that serves the
            # model itself (its own entry is the record): the host's copy is left out.
            read.served.append(f"{provider_id}/{model_id}")
            continue
        named.add(key)
        # The lab's model, with its lab's country; the host's price is not the lab's, so none.
        read.models.append(Model(lab, f"{lab}/{model_id.split('/', 1)[1]}", f"{shown}#{provider_id}/{model_id}",
                                 facts))


def checkout_snapshot(root: Path, option: str | None) -> Snapshot:
    """The commit checked out and its day (git), else --snapshot or the folder's month."""
    if option is None:
        # Only the checkout's own repository: a copy of its files inside another
        # repository (a test's fixtures) must not cite that repository's commit.
        top = _git(root, "rev-parse", "--show-toplevel")
        out = _git(root, "log", "-1", "--format=%H %cs") if top and Path(top).resolve() == root.resolve() else None
        if out and re.fullmatch(r"[0-9a-f]{40} \d{4}-\d{2}-\d{2}", out):
            commit, day = out.split()
            return Snapshot(day, commit)
    return Snapshot(snapshot_of(root, option))


def _git(root: Path, *args: str) -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=20,
                             check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


# --- the registry's labs ---------------------------------------------------------------------


def lab_finder(registry: Any) -> Callable[[str], str | None]:
    """models.dev's lab word -> the registry's organisation id, or None."""
    terms: dict[str, str] = {}
    for org_id, org in registry.organizations.items():
        for term in (org_id, org["name"], *org["aliases"]):
            terms.setdefault(name_key(term), org_id)

    def lab_of(word: str) -> str | None:
        if word in LABS and LABS[word] in registry.organizations:
            return LABS[word]
        return terms.get(name_key(word))

    return lab_of


# --- models to releases ----------------------------------------------------------------------


def _date(facts: dict[str, Any]) -> FuzzyDate | None:
    text = facts.get("release_date")
    if isinstance(text, dt.datetime):  # TOML's own datetime: its day is the date
        text = text.date().isoformat()
    elif isinstance(text, dt.date):
        text = text.isoformat()
    try:
        date = FuzzyDate.parse(str(text)) if text else None
    except ValueError:
        return None
    return date if date is not None and date.precision in ("day", "month", "year") else None


def group(models: list[Model], lab_of: Callable[[str], str | None], report: Report) -> list[list[Model]]:
    """Models as releases by the variant rule; unknown labs and undated models skipped."""
    groups: dict[tuple[str, str, str], list[Model]] = defaultdict(list)
    for model in models:
        raw = model.facts.get("name")
        name = raw.strip() if isinstance(raw, str) else ""
        if not name:
            report.skipped.append(Skip(model.file, model.id, "no name" if raw is None or isinstance(raw, str)
                                       else f"its name is not text but {type(raw).__name__}"))
            continue
        if model.id.casefold().endswith("latest") or "(latest)" in name.casefold():
            # gpt-5-chat-latest, mistral-medium-latest: a name that follows the newest model, not one
            # of its own (a new alias is not a release); the model it names has its own file.
            report.skipped.append(Skip(model.file, name, "an alias of the newest model ('latest'), not a model"))
            continue
        org = lab_of(model.lab)
        if org is None:
            report.skipped.append(Skip(model.file, name, "lab not in the registry",
                                       f"'{model.lab}': add it to organizations.yaml with its country"))
            continue
        date = _date(model.facts)
        if date is None:
            report.skipped.append(Skip(model.file, name, "no release_date",
                                       f"'{model.facts.get('release_date', '')}'"))
            continue
        groups[(org, str(date), series(name))].append(model)
    return [sorted(g, key=lambda m: m.id) for _, g in sorted(groups.items())]


def _release_name(members: list[Model]) -> str:
    names = [str(m.facts["name"]).strip() for m in members]
    plain = [n for n in names if n.casefold() == series(n)]
    return plain[0] if plain else min(names, key=lambda n: (len(n), n))


def _specs(model: Model, source: str, price_source: str | None) -> dict[str, Any]:
    specs: dict[str, Any] = {}
    limit: dict[str, Any] = model.facts["limit"] if isinstance(model.facts.get("limit"), dict) else {}
    for key, ours in (("context", "context_window"), ("output", "max_output")):
        value = limit.get(key)
        # Past 10^12 tokens no model is: such a number is a typo, and str() of a huge int raises.
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= 10**12:
            specs[ours] = {"value": str(value), "unit": "tokens", "source": source}
    for key, ours in (("input", "input_price"), ("output", "output_price")):
        value = (model.cost or {}).get(key)
        if price_source and isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 10**6:
            specs[ours] = {"value": str(value), "unit": "USD per 1M tokens", "source": price_source}
    return specs


def _modalities(members: list[Model]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for side in ("input", "output"):
        kinds: list[str] = []
        for m in members:
            mod: dict[str, Any] = m.facts["modalities"] if isinstance(m.facts.get("modalities"), dict) else {}
            listed = mod.get(side)
            listed = [listed] if isinstance(listed, str) else listed if isinstance(listed, list) else []
            kinds += [k for k in listed if isinstance(k, str) and k in _MODALITIES and k not in kinds]
        if kinds:
            out[side] = kinds
    return out


def _categories(members: list[Model], modalities: dict[str, list[str]]) -> list[str]:
    found: list[str] = []
    text = " ".join(f"{m.facts.get('family', '')} {m.facts.get('name', '')}" for m in members).casefold()
    if "embed" in text:
        found.append("embedding")
    for kind in modalities.get("output", []):
        if kind in _OUTPUT_CATEGORIES:
            found.append(_OUTPUT_CATEGORIES[kind])
    if not found and modalities.get("output", ["text"]) and set(modalities.get("output", ["text"])) <= {"text"}:
        found.append("language")
    if any(m.facts.get("reasoning") is True for m in members):
        found.append("reasoning")
    return [c for c in dict.fromkeys(found) if c in vocab.CATEGORIES] or ["other"]


def convert(members: list[Model], org: str, snapshot: Snapshot) -> Draft:
    name = _release_name(members)
    primary = next(m for m in members if str(m.facts["name"]).strip() == name)
    ordered = [primary, *(m for m in members if m is not primary)]
    date = _date(primary.facts)
    sources: list[dict[str, Any]] = []
    variants: list[dict[str, Any]] = []

    def source_for(file: str) -> str:
        for s in sources:
            if s["_file"] == file:
                return str(s["id"])
        sid = DATABASE if not sources else f"{DATABASE}-{len(sources) + 1}"
        entry = {"id": sid, "kind": "database", "title": f"models.dev: {file}", "publisher": "models.dev",
                 "url": snapshot.link(file), "date": snapshot.date, "note": snapshot.note(), "_file": file}
        sources.append({k: v for k, v in entry.items() if v is not None})
        return sid

    for m in ordered:
        sid = source_for(m.file)
        price = source_for(m.cost_file) if m.cost_file and m.cost else None
        variant: dict[str, Any] = {"name": str(m.facts["name"]).strip(), "key": m.id}
        if isinstance(m.facts.get("open_weights"), bool):
            variant["open_weights"] = m.facts["open_weights"]
        specs = _specs(m, sid, price)
        if specs:
            variant["specs"] = specs
        variant["source"] = sid
        variants.append(variant)
    modalities = _modalities(ordered)
    data: dict[str, Any] = {"name": name}
    aliases = [v["name"] for v in variants if v["name"] != name]
    if aliases:
        data["aliases"] = list(dict.fromkeys(aliases))
    data["organization"] = [org]
    data["released"] = {"date": str(date), "source": DATABASE}
    data["categories"] = _categories(ordered, modalities)
    if modalities:
        data["modalities"] = modalities
    weights = {m.facts.get("open_weights") for m in ordered}
    if weights in ({True}, {False}):
        data["open_weights"] = weights.pop()
    if len(variants) == 1:
        if variants[0].get("specs"):
            data["specs"] = variants[0]["specs"]
    else:
        data["variants"] = variants
    data["origin"] = {"database": DATABASE, "key": primary.id}
    data["sources"] = [{k: v for k, v in s.items() if k != "_file"} for s in sources]
    return Draft(primary.id, data, primary.file, name, candidate_ids(name, primary.id, org, str(date)))


# --- the import ----------------------------------------------------------------------------


def import_source(source: Path, into: Path, registry: Any, *, snapshot: str | None = None,
                  url: str | None = None, force: bool = False, dry_run: bool = False,
                  progress: Callable[[int, int], None] | None = None, taken: set[str] | frozenset[str] = frozenset(),
                  link: Linker | None = None) -> Report:
    """Import a models.dev checkout (a folder) or JSON file into a folder. registry: the
    collection's (labs come from it); url: where the JSON was downloaded from."""
    check_target(into)
    lab_of = lab_finder(registry)
    if source.is_dir():
        read = read_checkout(source, lab_of)
        snap = checkout_snapshot(source, snapshot)
    else:
        read = read_json(source, lab_of, url)
        snap = Snapshot(snapshot_of(source, snapshot), url=url)
    shown = url or str(source)
    report = Report(source=shown, snapshot=snap.date + (f", commit {snap.commit[:12]}" if snap.commit else ""),
                    rows=len(read.models))
    report.skipped.extend(read.skipped)
    if read.hosts:
        report.notes.append(f"{len(read.hosts)} providers are not labs the registry knows, read as hosts and "
                            f"left out: {', '.join(read.hosts[:8])}{' ...' if len(read.hosts) > 8 else ''}")
    if read.served:
        listed = ", ".join(read.served[:5]) + (" ..." if len(read.served) > 5 else "")
        report.notes.append(f"{len(read.served)} models another lab serves are left out (a host's copy, not its "
                            f"release; the lab's own entry, if any, is the record): {listed}")
    drafts = []
    for members in group(read.models, lab_of, report):
        try:
            drafts.append(convert(members, lab_of(members[0].lab) or "", snap))
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            # A value of a shape models.dev never writes (a list in a list, a table for a
            # string): that release is skipped with the reason, the rest imported.
            for m in members:
                report.skipped.append(Skip(m.file, m.id, "a value of an unexpected type", str(exc)[:120]))
    wanted = {m.id for m in read.models}
    return run_import(DATABASE_INFO, drafts, report, into, wanted=wanted, taken=taken, link=link, force=force,
                      dry_run=dry_run, progress=progress)

"""The whole collection: every release file in a data folder, checked across files.

Where the data comes from, in order: `--data-dir`, the `AI_TRACKER_DATA`
environment variable, then the dataset bundled with the package.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ai_tracker.errors import DataError, Problem, UsageError
from ai_tracker.loader import field_label, position_of, read_release
from ai_tracker.schema import Release

ENV_VAR = "AI_TRACKER_DATA"


@dataclass(frozen=True)
class DataDir:
    path: Path
    origin: str  # "option", "environment" or "bundled"


def bundled_dir() -> Path:
    """The bundled releases: inside the installed package, or the repo's `releases/`."""
    here = Path(__file__).resolve().parent
    installed = here / "releases"
    if installed.is_dir():
        return installed
    return here.parent / "releases"


def resolve_data_dir(option: str | Path | None) -> DataDir:
    if option is not None and str(option) != "":
        return DataDir(Path(option).expanduser(), "option")
    env = os.environ.get(ENV_VAR)
    if env:
        return DataDir(Path(env).expanduser(), "environment")
    return DataDir(bundled_dir(), "bundled")


def release_files(root: Path) -> list[Path]:
    """Every `*.yaml` below root, in a stable order, skipping hidden files and folders."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(folder)
        found.extend(base / f for f in sorted(files) if f.endswith(".yaml") and not f.startswith("."))
    return found


@dataclass
class Catalog:
    root: Path
    releases: list[Release] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    skipped: int = 0

    def __post_init__(self) -> None:
        self.by_id: dict[str, Release] = {r.id: r for r in self.releases}

    def get(self, release_id: str) -> Release | None:
        return self.by_id.get(release_id)

    def successors(self, release_id: str) -> list[Release]:
        return [r for r in self.releases if r.predecessor == release_id]

    def claims_about(self, release_id: str) -> list[tuple[Release, int]]:
        """(release, claim index) for every claim in the collection naming this release."""
        return [(r, i) for r in self.releases for i, c in enumerate(r.claims) if c.about == release_id]


Reader = Callable[[Path, str], tuple[Release | None, list[Problem]]]


def _displayer(root: Path) -> Callable[[Path], str]:
    """Paths as the user can open them: relative to the working folder where root is below it."""
    cwd = str(Path.cwd()) + os.sep
    absolute = str(root.absolute())
    if not root.is_absolute() or not (absolute + os.sep).startswith(cwd):
        return str
    return lambda path: str(path)[len(cwd):]


def load(data_dir: DataDir, *, reader: Reader | None = None) -> Catalog:
    """Read every release file; invalid ones become problems, the rest a Catalog.

    Raises DataError (or UsageError when the folder came from an option) when
    there is no folder or no release file in it.
    """
    root = data_dir.path
    error = UsageError if data_dir.origin == "option" else DataError
    where = {"option": "--data-dir", "environment": ENV_VAR, "bundled": "the bundled data"}[data_dir.origin]
    if not root.exists():
        raise error(f"data folder '{root}' does not exist (from {where})")
    if not root.is_dir():
        raise error(f"data folder '{root}' is not a folder (from {where})")
    read = reader or (lambda p, d: read_release(p, d))
    catalog = Catalog(root)
    candidates: list[Release] = []
    bad_files: set[str] = set()
    display_of = _displayer(root)
    for path in release_files(root):
        catalog.files += 1
        display = display_of(path)
        release, problems = read(path, display)
        if release is None:
            catalog.problems.extend(problems)
            bad_files.add(display)
        else:
            candidates.append(release)
    if catalog.files == 0:
        raise error(f"no release files (*.yaml) in '{root}' (from {where})")
    good, cross = cross_check(candidates)
    catalog.problems.extend(cross)
    bad_files.update(p.file for p in cross)
    catalog.skipped = len(bad_files)
    catalog.releases = good
    catalog.__post_init__()
    return catalog


def cross_check(releases: list[Release]) -> tuple[list[Release], list[Problem]]:
    """Checks no single file can make: unique ids, references to other releases."""
    problems: list[Problem] = []
    first: dict[str, Release] = {}
    unique: list[Release] = []
    for release in releases:
        if release.id in first:
            problems.append(Problem(release.path, None, None, None,
                                    f"id '{release.id}' is already used by {first[release.id].path}; "
                                    "ids (file names) must be unique in the whole data folder"))
            continue
        first[release.id] = release
        unique.append(release)
    good: list[Release] = []
    for release in unique:
        refs: list[tuple[tuple[str | int, ...], str | None]] = [(("predecessor",), release.predecessor)]
        refs += [(("claims", i, "about"), c.about) for i, c in enumerate(release.claims)]
        dangling = [(loc, ref) for loc, ref in refs if ref is not None and ref not in first]
        for loc, ref in dangling:
            problems.append(Problem(release.path, *position_of(release.path, loc), field_label(loc),
                                    f"no release with id '{ref}' in this data folder"))
        if not dangling:
            good.append(release)
    return good, problems

"""Data folders: which one a command reads, whether it is there, and the release files in it.

Where the data comes from, in order: `--data-dir` (repeatable), the
`AI_TRACKER_DATA` environment variable (a list of folders separated by
`os.pathsep`, as PATH is), then the dataset bundled with the package. The
folders named are one collection; the bundled record is one of them only
where it is named, by BUNDLED_NAME. Every command that reads a folder
(`list` and the rest through `catalog.load`, `new` and `import` to find the
ids taken) resolves it and walks it here.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ai_tracker.errors import DataError, UsageError

ENV_VAR = "AI_TRACKER_DATA"
# The bundled record, as a folder to name beside one's own (`-d @bundled -d mine`).
# Not a path a user would mean: a folder really called so is written `./@bundled`.
# Not ':bundled': ':' separates the folders of AI_TRACKER_DATA on POSIX.
BUNDLED_NAME = "@bundled"


@dataclass(frozen=True)
class DataDir:
    path: Path
    origin: str  # "option", "environment" or "bundled"

    def refuse(self, message: str) -> UsageError | DataError:
        """The error for a folder that cannot be read. A folder the user named is a
        usage error (exit 2) however it was named, worded by where: the option's
        `data_dir` field (the CLI edge words it `--data-dir: ...`) or the environment
        variable (`AI_TRACKER_DATA: ...`). The bundled data missing is a broken
        install: a data error (exit 1)."""
        if self.origin == "option":
            return UsageError(message, field="data_dir")
        if self.origin == "environment":
            return UsageError(message, option=ENV_VAR)
        return DataError(f"{message} (from the bundled data)")


def bundled_dir() -> Path:
    """The bundled releases: inside the installed package, or the repo's `releases/`."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "releases"
    if installed.is_dir():
        return installed
    return package.parent / "releases"


def expand_home(path: str | Path, field: str) -> Path:
    """`~/x` and `~user/x` as the shell would expand them; a user with no home (or no
    such user) is a usage error naming the field, not Python's RuntimeError."""
    try:
        return Path(path).expanduser()
    except RuntimeError:
        who = str(path).split("/", 1)[0]
        raise UsageError(f"cannot expand '{who}' in '{path}': no such user, or no home folder; "
                         "give the path in full", field=field) from None


def _named(text: str, origin: str) -> DataDir:
    if text.strip() == BUNDLED_NAME:
        return DataDir(bundled_dir(), "bundled")
    return DataDir(expand_home(text, "data_dir" if origin == "option" else ENV_VAR), origin)


def resolve_data_dirs(option: str | Path | list[str] | None) -> list[DataDir]:
    """Every folder of the collection, in the order named, each once."""
    if option is not None and not isinstance(option, list):
        option = [str(option)]
    if option:
        for value in option:
            if not str(value).strip():
                raise UsageError("empty: give a folder of release files", field="data_dir")
        named = [_named(str(value), "option") for value in option]
    else:
        # Empty entries are left out (PATH would read them as the current folder: never here).
        env = [part for part in os.environ.get(ENV_VAR, "").split(os.pathsep) if part.strip()]
        named = [_named(part, "environment") for part in env] or [DataDir(bundled_dir(), "bundled")]
    unique: dict[str, DataDir] = {}
    for data_dir in named:
        unique.setdefault(os.path.realpath(data_dir.path), data_dir)
    return list(unique.values())


def resolve_data_dir(option: str | Path | None) -> DataDir:
    """The one folder a command that writes (`new`) writes into: the option, else
    the one folder of AI_TRACKER_DATA that is not the bundled data."""
    found = resolve_data_dirs(option)
    own = [d for d in found if d.origin != "bundled"]
    if len(own) > 1:
        raise UsageError(f"{ENV_VAR} names {len(own)} folders of your own; give the one to write into "
                         "with --data-dir", field="data_dir")
    return own[0] if own else found[0]


def check_data_dir(data_dir: DataDir, *, if_missing: str = "") -> None:
    """Refuse a folder that is not there (`DataDir.refuse`: exit 2 when the user named
    it, by option or environment). if_missing: advice added when it does not exist."""
    root = data_dir.path
    if not root.exists():
        raise data_dir.refuse(f"data folder '{root}' does not exist{if_missing}")
    if not root.is_dir():
        raise data_dir.refuse(f"data folder '{root}' is not a folder")


# The registry's files, at the top of a data folder (see collection/registry.py): not releases.
REGISTRY_FILES = frozenset({"organizations.yaml", "sources.yaml", "coverage.yaml"})


# Bounds of the walk, far beyond a real collection (folders by lab and year are three
# levels; 10,000 releases are 10,000 entries), so that `--data-dir /` or a link to a
# huge tree ends soon with a problem that says so, not after walking a whole disk.
MAX_DEPTH = 16  # folder levels below the data folder
MAX_ENTRIES = 200_000  # files and folders seen, of any kind


def release_files(root: Path, *, any_case: bool = False, misnamed: list[str] | None = None,
                  trouble: list[tuple[str, str]] | None = None) -> list[str]:
    """Every `*.yaml` below root, in a stable order, skipping hidden files and folders
    and the registry's files at the top.

    any_case: also `*.YAML` and the like, which the loader does not read but
    which clash with a `.yaml` name on a case-insensitive file system.
    trouble: receives (path, message) for each folder that cannot be read and
    for a bound of the walk that was reached (MAX_DEPTH, MAX_ENTRIES).
    Strings, not Paths: on 10,000 files the Path objects alone cost 40 ms.
    """
    found: list[str] = []
    seen = 0
    too_deep = False  # said once
    base_depth = str(root).rstrip(os.sep).count(os.sep)

    def unreadable(exc: OSError) -> None:
        if trouble is not None:
            trouble.append((exc.filename or str(root), f"folder cannot be read: {exc.strerror or exc}; "
                            "its release files are not read"))

    for folder, dirs, files in os.walk(root, onerror=unreadable):
        seen += len(dirs) + len(files)
        if seen > MAX_ENTRIES:
            if trouble is not None:
                trouble.append((str(root), f"stopped after {MAX_ENTRIES:,} files and folders: is this "
                                "the right data folder? the rest is not read"))
            break
        if folder.count(os.sep) - base_depth >= MAX_DEPTH and dirs:
            if trouble is not None and not too_deep:
                trouble.append((folder, f"folders nested more than {MAX_DEPTH} levels below the data folder "
                                "are not read"))
            too_deep = True
            dirs[:] = []
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if misnamed is not None:  # `x.yml`, `x.YAML`: meant as release files, never read: say so
            misnamed.extend(os.path.join(folder, f) for f in sorted(files) if not f.startswith(".")
                            and f.casefold().endswith((".yml", ".yaml")) and not f.endswith(".yaml"))
        if any_case:
            names = [f for f in sorted(files) if f.casefold().endswith(".yaml") and not f.startswith(".")]
        else:
            names = [f for f in sorted(files) if f.endswith(".yaml") and not f.startswith(".")]
        if folder == str(root):
            names = [f for f in names if f not in REGISTRY_FILES]
        prefix = folder if folder.endswith(os.sep) else folder + os.sep  # os.path.join's result, for file names
        found.extend([prefix + f for f in names])
    return found


def id_key(stem: str) -> str:
    """What two file names must differ in to be two files everywhere: case and Unicode
    normalisation are ignored (macOS and Windows file systems ignore them).

    Not `text.fold`, on purpose: file systems fold NFC forms and case but not
    width, so 'ｑｗｅｎ3.yaml' and 'qwen3.yaml' are two files and must not clash."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", stem).casefold())


def clashing_files(root: Path, release_id: str) -> tuple[list[Path], list[Path]]:
    """Release files anywhere in the folder whose name clashes with `<id>.yaml`, and
    those whose id is the same but for hyphens (`qwen3` and `qwen-3`: likely the
    same release, worth a warning, not a refusal).

    Ids are unique across the whole folder, subfolders included, so a file in
    a subfolder clashes too; `Qwen3.yaml` and `qwen3.YAML` clash on a
    case-insensitive file system. Hidden files and folders are not releases.
    """
    key = id_key(release_id)
    loose = key.replace("-", "")
    clashes: list[Path] = []
    similar: list[Path] = []
    for path in release_files(root, any_case=True):
        other = id_key(os.path.basename(path)[:-len(".yaml")])
        if other == key:
            clashes.append(Path(path))
        elif other.replace("-", "") == loose:
            similar.append(Path(path))
    return clashes, similar


def files_below(root: Path, suffix: str) -> list[Path]:
    """Every file below root ending in suffix, in a stable order, hidden ones skipped:
    the one walker of other trees too (a models.dev checkout's `*.toml`)."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(folder, f) for f in sorted(files) if f.endswith(suffix) and not f.startswith("."))
    return found

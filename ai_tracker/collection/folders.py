"""Data folders: which one a command reads, whether it is there, and the release files in it.

Where the data comes from, in order: `--data-dir` (repeatable), the
`AI_TRACKER_DATA` environment variable (a list of folders separated by
`os.pathsep`, as PATH is), then the default collection: the dataset bundled
with the package plus the last `ai-tracker update` (UPDATES_NAME, in the
user's data folder), when there is one. The folders named are one
collection, exactly as named; the bundled record and the update are among
them only where they are named, by BUNDLED_NAME and UPDATES_NAME. Every command that reads a folder
(`list` and the rest through `catalog.load`, `new` and `import` to find the
ids taken) resolves it and walks it here.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ai_tracker.errors import DataError, UsageError

ENV_VAR = "AI_TRACKER_DATA"
# The bundled record, as a folder to name beside one's own (`-d @bundled -d mine`).
# Not a path a user would mean: a folder really called so is written `./@bundled`.
# Not ':bundled': ':' separates the folders of AI_TRACKER_DATA on POSIX.
BUNDLED_NAME = "@bundled"
# The last `ai-tracker update`: models.dev's models, linked to the bundled record.
UPDATES_NAME = "@updates"
# The user's data folder: platformdirs knows each system's place for it ($XDG_DATA_HOME
# or ~/.local/share on Linux, ~/Library/Application Support on macOS, %LOCALAPPDATA% on
# Windows), which a hand-written table would get wrong on the systems we do not test on.
APP_NAME = "ai-tracker"


@dataclass(frozen=True)
class DataDir:
    path: Path
    # "option" or "environment"; the default's layers: "bundled" or "snapshot" (the curated
    # base), and "updates"
    origin: str

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


def data_home() -> Path:
    """Where `update` keeps what it fetched (the update, its state, the change log)."""
    import platformdirs  # only the commands that read the default collection or update need it

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def updates_dir() -> Path:
    return data_home() / "updates"


def snapshot_link() -> Path:
    """The curated record installed by `update --from` (a snapshot made by `pack`)."""
    return data_home() / "snapshot"


def base_dir() -> DataDir:
    """The curated base: the newest snapshot installed by `update --from`, else the bundled record."""
    installed = snapshot_link()
    if installed.is_dir():
        return DataDir(installed, "snapshot")
    return DataDir(bundled_dir(), "bundled")


def base_fingerprint() -> str:
    """What the update's links were made against: the curated base's folder and the tool's
    version (a package upgrade brings a new bundled record)."""
    from ai_tracker import __version__

    return f"{os.path.realpath(base_dir().path)} {__version__}"


def update_links_stale() -> bool:
    """Has the curated base changed since the update's links were made? (A look at one small
    file: the default collection pays nothing more when nothing changed.)"""
    import json

    if not updates_dir().is_dir():
        return False
    try:
        made = json.loads((data_home() / "update.json").read_text(encoding="utf-8")).get("base")
    except (OSError, ValueError, AttributeError):
        return False
    return isinstance(made, str) and made != base_fingerprint()


def default_dirs() -> list[DataDir]:
    """The default collection: the curated base, plus the last update when there is one."""
    found = [base_dir()]
    updates = updates_dir()
    if updates.is_dir() and release_files(updates):
        found.append(DataDir(updates, "updates"))
    return found


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
    if text.strip() == UPDATES_NAME:
        return DataDir(updates_dir(), origin)  # named by the user: a missing update is their error
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
        named = [_named(part, "environment") for part in env] or default_dirs()
    unique: dict[str, DataDir] = {}
    for data_dir in named:
        unique.setdefault(os.path.realpath(data_dir.path), data_dir)
    return list(unique.values())


def resolve_data_dir(option: str | Path | None) -> DataDir:
    """The one folder a command that writes (`new`) writes into: the option, else
    the one folder of AI_TRACKER_DATA that is not the bundled data."""
    found = resolve_data_dirs(option)
    own = [d for d in found if d.origin not in ("bundled", "snapshot", "updates")]
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

Found = list[tuple[str, str]]  # (path, message): what a walk reports besides the files


def folder_key(path: str | Path) -> tuple[int, int] | None:
    """What makes a folder one folder however it is reached (a link, a bind mount):
    its device and inode. None if it cannot be looked at."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def walk(root: Path, *, trouble: Found | None = None, warnings: Found | None = None,
         seen: set[tuple[int, int]] | None = None, again: list[str] | None = None
         ) -> Iterator[tuple[str, list[str]]]:
    """(folder, its file names) for root and every folder below it, as `os.walk` gives
    them top down, each folder's subfolders in name order, hidden folders skipped.

    Links are followed, to files (they are files here) and to folders: a folder reached
    twice (the same device and inode: two links, or a link to a folder walked anyway)
    is read once, where it is first reached; a link to a folder that holds it (or to
    itself) is a loop, reported in `warnings` and not followed.
    trouble: receives (path, message) for each folder that cannot be read and for a
    bound of the walk that was reached (MAX_DEPTH, MAX_ENTRIES).
    seen: the folders already read, shared by the walks of several data folders (so
    that one reached from another through a link is read once); updated here.
    again: receives the path of each folder not read because it was read already (so
    that a data folder holding only a link to another is not taken for an empty one).
    """
    seen = set() if seen is None else seen
    top = str(root)
    key = folder_key(top)
    if key is not None:
        seen.add(key)
    # (folder, depth, the keys of the folders that hold it, itself included)
    stack: list[tuple[str, int, tuple[tuple[int, int] | None, ...]]] = [(top, 0, (key,))]
    count = 0
    too_deep = False  # said once
    while stack:
        folder, depth, chain = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            if trouble is not None:
                trouble.append((exc.filename or folder, f"folder cannot be read: {exc.strerror or exc}; "
                                "its release files are not read"))
            continue
        count += len(entries)
        if count > MAX_ENTRIES:
            if trouble is not None:
                trouble.append((top, f"stopped after {MAX_ENTRIES:,} files and folders: is this "
                                "the right data folder? the rest is not read"))
            return
        dirs: list[os.DirEntry[str]] = []
        files: list[str] = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()  # a link to a folder is a folder
            except OSError:
                is_dir = False
            if is_dir:
                dirs.append(entry)
            else:
                files.append(entry.name)
        files.sort()
        yield folder, files
        dirs = sorted((d for d in dirs if not d.name.startswith(".")), key=lambda d: d.name)
        if depth >= MAX_DEPTH and dirs:
            if trouble is not None and not too_deep:
                trouble.append((folder, f"folders nested more than {MAX_DEPTH} levels below the data folder "
                                "are not read"))
            too_deep = True
            continue
        below = []
        for entry in dirs:
            try:
                st = entry.stat()
            except OSError:
                continue  # gone since the listing: nothing to read
            sub = (st.st_dev, st.st_ino)
            if sub in chain or entry.is_symlink() and _holds(entry.path, folder):
                if warnings is not None:
                    warnings.append((entry.path, f"a link to '{os.path.realpath(entry.path)}', a folder that "
                                     "holds it: a loop, not followed"))
                continue
            if sub in seen:
                if again is not None:
                    again.append(entry.path)
                continue  # read already, where it was first reached
            seen.add(sub)
            below.append((entry.path, depth + 1, (*chain, sub)))
        stack.extend(reversed(below))


def _holds(link: str, folder: str) -> bool:
    """Is what the link points to the folder, or a folder that holds it (above the data
    folder, where the walk's own keys do not reach)?"""
    target = os.path.realpath(link)
    here = os.path.realpath(folder)
    return here == target or here.startswith(target.rstrip(os.sep) + os.sep)


def release_files(root: Path, *, any_case: bool = False, misnamed: list[str] | None = None,
                  trouble: Found | None = None, warnings: Found | None = None,
                  seen: set[tuple[int, int]] | None = None, again: list[str] | None = None) -> list[str]:
    """Every `*.yaml` below root, in a stable order, skipping hidden files and folders
    and the registry's files at the top; linked files and folders are followed (see `walk`,
    which also says what trouble, warnings, seen and again receive).

    any_case: also `*.YAML` and the like, which the loader does not read but
    which clash with a `.yaml` name on a case-insensitive file system.
    Strings, not Paths: on 10,000 files the Path objects alone cost 40 ms.
    """
    found: list[str] = []
    for folder, files in walk(root, trouble=trouble, warnings=warnings, seen=seen, again=again):
        if misnamed is not None:  # `x.yml`, `x.YAML`: meant as release files, never read: say so
            misnamed.extend(os.path.join(folder, f) for f in files if not f.startswith(".")
                            and f.casefold().endswith((".yml", ".yaml")) and not f.endswith(".yaml"))
        if any_case:
            names = [f for f in files if f.casefold().endswith(".yaml") and not f.startswith(".")]
        else:
            names = [f for f in files if f.endswith(".yaml") and not f.startswith(".")]
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
    the one walker of other trees too (a models.dev checkout's `*.toml`), links followed
    as in a data folder."""
    return [Path(folder, f) for folder, files in walk(root) for f in files
            if f.endswith(suffix) and not f.startswith(".")]

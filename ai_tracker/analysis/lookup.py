"""Finding a release by what a person types: its id, its name, or an alias.

Every command that takes a release name goes through `find`, so `glm5`,
`GLM 5`, `glm-5` and `智谱GLM-5` mean the same thing everywhere.

Matching is tried in tiers, and the first tier with any match decides:

1. the text is exactly an id or a name (`glm-5`, `GLM-5`);
2. folded text equals a folded id, name or alias, or an organisation name or
   alias followed by the release name (`zhipu glm5`, `智谱GLM-5`);
3. folded text that is only part of one of those (`seedance` in `seedance2`)
   is no match: the releases it is part of are listed, to be typed whole.

Folding drops case, width (NFKC), spaces, hyphens, dots and underscores, and
a zero minor version (`3.0` reads as `3`), so `Kling 3`, `kling-3-0` and
`Kling 3.0` are one key. A tier with several different releases is
ambiguous: the user is shown them all, with ids and dates, and nothing is
guessed.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, cast

from ai_tracker.errors import UsageError
from ai_tracker.model.protocol import ReleaseLike
from ai_tracker.model.vocab import did_you_mean
from ai_tracker.text import name_key

if TYPE_CHECKING:
    from ai_tracker.collection.catalog import Catalog, Entry
    from ai_tracker.model.schema import Release

    # Names are matched on the light entries (or models, in tests): both have
    # id, name, aliases, organization and released_on.

_MIN_PART = 2  # shorter text never matches as part of a name: too many hits
_MAX_LISTED = 8  # candidates named in an "ambiguous" message


fold = name_key  # how names are compared (text.name_key)


class Keys:
    """A release's folded names (id, name, aliases) and its organisations' (names,
    aliases). The keys `zhipuglm5` of organisation-and-name are never built: there
    would be organisations x names of them (a file with 3,000 aliases made 9 million);
    matching splits the typed text instead, so the work grows with the names, not
    with their product."""

    __slots__ = ("own", "names", "orgs")

    def __init__(self, release: ReleaseLike) -> None:
        self.own = _folded([release.id, release.name, *release.aliases])
        self.names = _folded([release.name, *release.aliases])
        self.orgs = _folded([t for org in release.organization for t in (org.name, *org.aliases)])

    def equal(self, folded: str) -> bool:
        """folded is a name, or an organisation's name followed by one (tier 2)."""
        if folded in self.own:
            return True
        names = set(self.names)
        return any(folded.startswith(org) and folded[len(org):] in names for org in self.orgs)

    def part(self, folded: str) -> bool:
        """folded is part of a name, or of an organisation's name followed by one (tier 3):
        inside one of them, or its start the end of an organisation's name and its rest
        the start of the release's name."""
        if any(folded in k for k in (*self.own, *self.orgs)):
            return True
        for cut in range(1, len(folded)):
            head, tail = folded[:cut], folded[cut:]
            if any(org.endswith(head) for org in self.orgs) and any(n.startswith(tail) for n in self.names):
                return True
        return False

    def all(self) -> list[str]:
        """Every key of its own, for 'did you mean' (not the combinations)."""
        return self.own


def _folded(texts: list[str]) -> list[str]:
    return list(dict.fromkeys(k for k in (fold(t) for t in texts) if k))


def describe(release: ReleaseLike) -> str:
    """How a candidate is named in messages: name, id and date."""
    return f"{release.name} ({release.id}, {release.released_on})"


def find(catalog: Catalog, text: str) -> Release:
    """The one release `text` names; UsageError (exit 2) if none or several.

    Searches the light entries, so only the release found is built as a model."""
    return catalog.get(_find(catalog.entries, text).id)  # type: ignore[return-value]


def find_entry(catalog: Catalog, text: str) -> Entry:
    """As `find`, but the release's light entry: nothing is built."""
    return cast("Entry", _find(catalog.entries, text))


def find_all(catalog: Catalog, names: Sequence[str]) -> list[Release]:
    """Each name's release, in order; the first unknown or ambiguous name raises."""
    return [catalog.get(_find(catalog.entries, name).id) for name in names]  # type: ignore[misc]


def _find(releases: Sequence[ReleaseLike], text: str) -> ReleaseLike:
    wanted = unicodedata.normalize("NFC", text.strip())
    folded = fold(wanted)
    if not folded:
        raise UsageError(f"empty release name {text!r}: give a release id or name "
                         "(`ai-tracker list` shows them)")
    exact = _unique(r for r in releases
                    if wanted in (r.id, unicodedata.normalize("NFC", r.name)))
    if len(exact) == 1:
        return exact[0]
    indexed = [(r, Keys(r)) for r in releases]
    matches = _unique(r for r, ks in indexed if ks.equal(folded))
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UsageError(_ambiguous(text, matches))
    # Part of a name is never a match, even of one release: `Qwen3.51` is no name of
    # Qwen3.5's 122B model, and answering with it would be answering another question.
    # The releases it is part of are offered, to type whole.
    partial = _unique(r for r, ks in indexed if len(folded) >= _MIN_PART and ks.part(folded))
    if partial:
        raise UsageError(_partial(text, partial))
    raise UsageError(_not_found(text, folded, indexed))


def _unique(releases: Iterable[ReleaseLike]) -> list[ReleaseLike]:
    return list({r.id: r for r in releases}.values())


def _listed(matches: list[ReleaseLike]) -> str:
    """Candidates for a message, newest first: the release someone types a short name
    for is most often the latest one, and it must not be left under "and N more"."""
    ordered = sorted(matches, key=lambda r: (r.released_on.earliest, r.name), reverse=True)
    more = f" and {len(ordered) - _MAX_LISTED} more" if len(ordered) > _MAX_LISTED else ""
    return ", ".join(describe(r) for r in ordered[:_MAX_LISTED]) + more


def _partial(text: str, matches: list[ReleaseLike]) -> str:
    which = "it is part of the name of" if len(matches) == 1 else f"it is part of the names of {len(matches)}:"
    return f"no release is named '{text}'; {which} {_listed(matches)}; give the id or the whole name"


def _ambiguous(text: str, matches: list[ReleaseLike]) -> str:
    return f"'{text}' matches {len(matches)} releases: {_listed(matches)}; give the id or more of the name"


def _not_found(text: str, folded: str, indexed: list[tuple[ReleaseLike, Keys]]) -> str:
    near = nearest(folded, indexed)
    hint = did_you_mean(near) or " (`ai-tracker list` shows every release)"
    return f"no release matches '{text}'{hint}"


def nearest(folded: str, indexed: list[tuple[ReleaseLike, Keys]], n: int = 3) -> list[str]:
    """Names of the releases whose keys are closest to the folded text (difflib)."""
    owner: dict[str, ReleaseLike] = {}
    for release, release_keys in indexed:
        for key in release_keys.all():
            owner.setdefault(key, release)
    names: list[str] = []
    for key in difflib.get_close_matches(folded, list(owner), n=n * 4, cutoff=0.6):
        name = owner[key].name
        if name not in names:
            names.append(name)
    return names[:n]

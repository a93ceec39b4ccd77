"""Country codes (ISO 3166-1 alpha-2, from pycountry) and the regions we count by.

pycountry is imported on first use: it reads its data file then, and commands
that never touch a country name should not pay for it.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
from pathlib import Path
from typing import Any

# Codes people commonly write that ISO 3166 spells otherwise.
_COMMON_MISTAKES = {"UK": "GB", "EL": "GR"}
# Short forms people write (dots and spaces ignored: "U.S.", "U S A"); a name is never
# guessed from a few letters inside another ("ROC" is not Morocco).
_SHORT_FORMS = {"USA": "US", "PRC": "CN", "UAE": "AE", "ROK": "KR"}

# The article's grouping is China / United States / Europe; every other
# country falls in "Rest of world". "Europe" is geographic Europe, not the EU:
# the UK, Switzerland, Norway and the other EFTA and Balkan states are in it.
EUROPE = frozenset(
    "AD AL AT BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT "
    "JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS SE SI SK SM UA VA XK".split()
)
REGIONS: dict[str, str] = {
    "China": "CN",
    "United States": "US",
    "Europe": "European countries: " + " ".join(sorted(EUROPE)),
    "Rest of world": "every other country",
}


def region_of(code: str) -> str:
    if code == "CN":
        return "China"
    if code == "US":
        return "United States"
    if code in EUROPE:
        return "Europe"
    return "Rest of world"


def region_named(text: str) -> str | None:
    """A region name as typed (any case, 'us'/'usa'/'eu' accepted) to its canonical name."""
    key = text.strip().casefold()
    aliases = {"cn": "China", "us": "United States", "usa": "United States",
               "eu": "Europe", "rest": "Rest of world", "row": "Rest of world",
               "other": "Rest of world", "world": "Rest of world"}
    for name in REGIONS:
        if name.casefold() == key:
            return name
    return aliases.get(key)


@functools.lru_cache(maxsize=None)
def _db() -> Any:
    # Lazy: pycountry reads its 250-country data file on import (about 25 ms),
    # which commands that never look up a country name should not pay for.
    import pycountry

    return pycountry.countries


@functools.lru_cache(maxsize=4096)
def is_code(code: str) -> bool:
    """An ISO alpha-2 code exactly as ISO writes it: 'CN', not 'cn' (pycountry ignores case)."""
    return len(code) == 2 and code.isascii() and code.isupper() and _db().get(alpha_2=code) is not None


@functools.lru_cache(maxsize=4096)
def name_of(code: str) -> str:
    names = _names()
    if names:
        return names.get(code.lower(), code)  # pycountry's lookups ignore case too
    country = _db().get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


@functools.lru_cache(maxsize=None)
def _names() -> dict[str, str]:
    """alpha-2 code (lower case) -> the name `name_of` gives, read from pycountry's own
    data file without importing pycountry: `show` names a few countries, and importing
    pycountry (it reads its version from the installed metadata) was a tenth of its run.
    {} if the file is not where this pycountry keeps it: then pycountry is asked."""
    spec = importlib.util.find_spec("pycountry")
    try:
        path = Path(str(spec.origin)).parent / "databases" / "iso3166-1.json"  # type: ignore[union-attr]
        entries = json.loads(path.read_text(encoding="utf-8"))["3166-1"]
        return {entry["alpha_2"].lower(): entry.get("common_name") or entry["name"] for entry in entries}
    except (AttributeError, OSError, ValueError, KeyError, TypeError):
        return {}


def suggest(text: str) -> str | None:
    """A valid code for something that is not one: 'UK' -> 'GB', 'France' -> 'FR'."""
    if text.upper() in _COMMON_MISTAKES:
        return _COMMON_MISTAKES[text.upper()]
    bare = re.sub(r"[.\s]", "", text).upper()
    if bare in _SHORT_FORMS or (bare != text.upper() and len(bare) == 2 and is_code(bare)):
        return _SHORT_FORMS.get(bare, bare)
    return lookup(text)


@functools.lru_cache(maxsize=4096)
def lookup(text: str) -> str | None:
    """A code or an English country name to its alpha-2 code, or None.

    Names: ISO's name, official or common name ("China", "United Kingdom"),
    the UN's "Korea (Republic of)" form, or a short name contained in exactly
    one country's names ("Russia" -> "Russian Federation"). Never a guess:
    pycountry's fuzzy search also matches provinces ("Kosovo" is a region of
    Serbia), so a fuzzy hit counts only if the text is part of the country's
    own names.
    """
    text = text.strip()
    if len(text) == 2 and is_code(text.upper()):
        return text.upper()
    if text.upper() in _COMMON_MISTAKES:
        return _COMMON_MISTAKES[text.upper()]
    bare = re.sub(r"[.\s]", "", text).upper()
    if bare in _SHORT_FORMS or (bare != text.upper() and len(bare) == 2 and is_code(bare)):
        return _SHORT_FORMS.get(bare, bare)
    for form in (text, _un_to_iso(text)):
        try:
            return _db().lookup(form).alpha_2
        except LookupError:
            pass
    return _contained(text)


def _un_to_iso(text: str) -> str:
    """UN "Korea (Republic of)" -> ISO "Korea, Republic of"."""
    head, _, rest = text.partition("(")
    return f"{head.strip()}, {rest.rstrip(')').strip()}" if rest else text


def _contained(text: str) -> str | None:
    try:
        found = _db().search_fuzzy(text)
    except LookupError:
        return None
    if len(text) < 4:  # too short to be a name: "EU" is in "Eustatius", "ROC" in "Morocco"
        return None
    whole = re.compile(rf"(?<!\w){re.escape(text.casefold())}")  # from the start of a word
    own = [c for c in found if any(whole.search((getattr(c, attr, "") or "").casefold())
                                   for attr in ("name", "official_name", "common_name"))]
    return own[0].alpha_2 if len(own) == 1 else None

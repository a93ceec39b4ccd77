"""Release ids: what one may look like, which names are reserved, and how a name becomes one.

An id is a release file's name without `.yaml`: a bare lowercase ASCII slug,
so it can never name a path outside the data folder, and never a name Windows
reserves. `new` (an id slugged from NAME) and `import epoch` (an id per row)
make ids with the same `slugify`, so one name gets one id whichever tool
writes it.
"""

from __future__ import annotations

import re
import unicodedata

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ID = re.compile(ID_PATTERN)
MAX_ID_LENGTH = 80

# Device names Windows reserves in every folder, with any extension: a file
# `con.yaml` cannot be created or checked out there.
RESERVED_IDS = frozenset(
    ["con", "prn", "aux", "nul", "conin", "conout", "clock"]
    + [f"com{i}" for i in range(10)] + [f"lpt{i}" for i in range(10)])

_HYPHENS = re.compile(r"-+")


def is_valid_id(text: str) -> bool:
    return bool(_ID.match(text))


def slugify(name: str) -> str:
    """A name as an id, or '' when nothing in it can be one.

    The rule, character by character after case folding and NFKD:
    accents are dropped and compatibility forms (full-width letters,
    ligatures) fold to ASCII ('Mistral Médium' -> 'mistral-medium', 'Straße ﬁne'
    -> 'strasse-fine'); ASCII letters and digits are kept; `+` becomes the
    word 'plus' ('DeepLabV3+' -> 'deeplabv3-plus', so 'C++' is not 'c'); a
    Greek letter becomes its English name ('PanGu-Σ' -> 'pangu-sigma', 'λ' ->
    'lambda'); everything else (CJK, punctuation, `/`, `..`) separates words.
    Words are joined by single hyphens; a slug longer than MAX_ID_LENGTH is
    cut at the last whole word that fits.
    """
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", name.casefold()):
        if unicodedata.combining(ch):
            continue  # accents: 'NÜWA' -> 'nuwa'
        if ch.isascii():
            out.append(ch if ch.isalnum() else ("-plus-" if ch == "+" else "-"))
        elif ch.isalpha() and unicodedata.name(ch, "").startswith("GREEK"):
            letter = unicodedata.name(ch).split()[-1].lower()
            out.append(f"-{'lambda' if letter == 'lamda' else letter}-")  # Unicode spells it 'lamda'
        else:
            out.append("-")
    slug = _HYPHENS.sub("-", "".join(out)).strip("-")
    if len(slug) > MAX_ID_LENGTH:
        cut = slug[:MAX_ID_LENGTH]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug

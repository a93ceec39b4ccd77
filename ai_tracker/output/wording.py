"""Facts as short phrases, shared by `compare` and `show` so both say things alike.

`204800` reads `204,800 tokens`, an approximate spec `about 10 s`, a claim's
source `Zhipu AI (vendor)`. Plain strings: callers clean and render them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ai_tracker.model import countries

if TYPE_CHECKING:
    from ai_tracker.collection.catalog import Catalog
    from ai_tracker.model.schema import Claim, MarketReaction, Release, Spec


CLAIMANT_WORDS = {"vendor": "the vendor", "independent": "an independent party",
                  "press": "the press", "community": "the community"}


def country_label(code: str) -> str:
    return f"{countries.name_of(code)} ({code})"


def yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def spec_label(key: str) -> str:
    """`context_window` -> `Context window`."""
    words = key.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def number(value: float) -> str:
    """204800.0 -> '204,800'; 72.8 -> '72.8'."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e16:
        return f"{int(value):,}"
    return f"{value:,}"


def quantity(value: float, unit: str | None, approximate: bool = False) -> str:
    text = number(value)
    if unit:
        text += unit if unit in ("%", "×", "x") else f" {unit}"
    return f"about {text}" if approximate else text


def spec_text(spec: Spec) -> str:
    return quantity(spec.value, spec.unit, spec.approximate)


def pricing_text(release: Release) -> str:
    if release.pricing is None:
        return ""
    note = f" ({release.pricing.note})" if release.pricing.note else ""
    return release.pricing.model + note


def money(value: float) -> str:
    """US dollars, shortened only where that loses nothing: 3000000000 -> 'US$3 billion'."""
    sign = "+" if value > 0 else "-" if value < 0 else ""
    amount = abs(value)
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if amount >= size and abs(round(amount / size, 3) * size - amount) < 0.5:
            return f"{sign}US${number(round(amount / size, 3))} {word}"
    return f"{sign}US${number(amount)}"


def market_text(m: MarketReaction, *, precision: bool = True) -> str:
    """'Zhipu AI (Hong Kong): +15%, +US$3 billion market value, <date>'; the date's
    precision spelled out unless `precision=False` (a table cell, where space is short)."""
    where = f"{m.company} ({m.listing})" if m.listing else m.company
    moves = []
    if m.change_percent is not None:
        moves.append(f"{'+' if m.change_percent > 0 else ''}{number(m.change_percent)}%")
    if m.market_cap_change_usd is not None:
        moves.append(f"{money(m.market_cap_change_usd)} market value")
    moved = f": {', '.join(moves)}" if moves else ""
    return f"{where}{moved}, {m.date.describe() if precision else m.date}"


def release_ref(catalog: Catalog, release_id: str | None) -> str:
    if release_id is None:
        return ""
    other = catalog.entry(release_id)  # its name only: no model to build
    return f"{other.name} ({release_id})" if other else release_id


def claimant(claim: Claim) -> str:
    """'Zhipu AI (vendor)', or 'the vendor' when no one is named."""
    return f"{claim.who} ({claim.claimed_by})" if claim.who else CLAIMANT_WORDS[claim.claimed_by]

"""The controlled vocabularies of a release file, each word with what it means.

Kept in one place so the schema, the JSON Schema, `new`'s prompts and the
README all offer the same words.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

CATEGORIES: dict[str, str] = {
    "language": "general text model (chat, writing, Q&A)",
    "coding": "code generation and software-engineering agents",
    "agent": "tool use and multi-step autonomous tasks",
    "reasoning": "long chain-of-thought / 'thinking' models",
    "multimodal": "understands several input kinds at once",
    "vision": "image and video understanding",
    "video-generation": "makes video",
    "image-generation": "makes images",
    "audio-generation": "makes music or sound",
    "speech": "speech recognition or synthesis",
    "robotics": "perception and action for robots (VLA models)",
    "embedding": "vector embeddings for search",
    "science": "biology, chemistry, mathematics, weather",
    "games": "game playing",
    "other": "none of the above",
}

MODALITIES: dict[str, str] = {
    "text": "text",
    "code": "source code",
    "image": "still images",
    "video": "video",
    "audio": "sound, music or speech",
    "pdf": "PDF documents",
    "3d": "3D scenes or objects",
    "action": "robot actions or control signals",
    "sensor": "robot sensor streams (depth, proprioception)",
}

ACCESS: dict[str, str] = {
    "open-weights": "weights downloadable",
    "api": "paid or free API",
    "app": "a consumer app or web product",
    "subscription": "paying users only, or paying users first",
    "waitlist": "invited or queued users only",
    "demo-only": "shown in demos, not usable",
    "research-preview": "limited research preview",
    "unreleased": "announced or published, not available",
}

EVENT_KINDS: dict[str, str] = {
    "announced": "first announced",
    "reported": "a date a source reports for the release (kept when sources differ)",
    "preview": "preview or beta available",
    "released": "released (the date the tracker counts is `released:`)",
    "public-availability": "open to the general public",
    "general-availability": "GA, typically of the API",
    "open-weights": "weights published",
    "paper": "paper or technical report published",
    "feature-paused": "a feature taken offline for a while",
    "feature-withdrawn": "a feature removed",
    "feature-restored": "a paused feature back",
    "price-change": "pricing changed",
    "deprecated": "deprecated or retired",
    "other": "anything else",
}

CLAIMANTS: dict[str, str] = {
    "vendor": "the developer itself",
    "independent": "a third party (leaderboard, lab, reviewer)",
    "press": "a news article's own assertion",
    "community": "users and developers, reported in aggregate",
}

# What kind of page a source is (README, "Conventions"): what a reader may trust it for.
# `secondary` and `gateway` date nothing on their own (validate warns); a source
# without a kind is unknown, never taken for `secondary`.
SOURCE_KINDS: dict[str, str] = {
    "vendor": "the maker's own announcement, documentation, blog, feed or account",
    "paper": "a paper or technical report (arXiv, or the maker's own)",
    "repository": "a code repository, model card, commit, pull request or issue (GitHub, Hugging Face)",
    "database": "a database of models, read at a commit or snapshot (models.dev, Epoch AI)",
    "press": "a dated report by a news outlet of docs/record/outlets.md",
    "gateway": "a reseller, API gateway or cloud selling access to another maker's model",
    "secondary": "an explainer, blog, wiki, digest or aggregator: a summary of others' pages",
}
WEAK_SOURCE_KINDS = frozenset({"secondary", "gateway"})  # kinds that cannot date a curated release alone

RELATIONS: dict[str, str] = {
    "beats": "better than the other on what is named",
    "matches": "on par with the other",
    "close-to": "close to, but not at, the other",
    "behind": "worse than the other",
    "alternative-to": "positioned as an alternative to the other",
    "contrast": "contrasted with the other",
}


def nearest(word: str, choices: list[str] | dict[str, str], n: int = 1) -> list[str]:
    """The closest valid words, for 'did you mean' hints."""
    return difflib.get_close_matches(word, list(choices), n=n, cutoff=0.5)


def did_you_mean(near: Iterable[str], *, quoted: bool = False, before: str = "; ", after: str = "") -> str:
    """The hint after an unknown word, worded the same everywhere: "; did you mean 'released'?",
    or '' when nothing is near.

    quoted: each suggestion in single quotes, as problems in files name values
    (the CLI's option errors show them bare, like the words the user types);
    before/after: what joins the hint to the message around it.
    """
    words = [f"'{w}'" if quoted else w for w in near]
    return f"{before}did you mean {', '.join(words)}?{after}" if words else ""

"""Synthetic but valid release files, for the benchmark (and tests of the cache)."""

from __future__ import annotations

import random
from pathlib import Path

COUNTRIES = ["US", "CN", "FR", "GB", "DE", "CA", "KR", "JP", "IL", "SE"]
CATEGORIES = ["language", "coding", "agent", "vision", "video-generation", "image-generation", "speech"]
ORGS = ["Lab", "Institute", "AI", "Research", "Labs", "Systems"]

TEMPLATE = """\
# yaml-language-server: $schema=release.schema.json
name: Synthetic Model {n}
aliases: [SM{n}, synth-{n}]
organization:
  - name: {org}
    country: {country}
released:
  date: {date}
  source: vendor
events:
  - date: {event_date}
    kind: announced
    note: Announced in a blog post.
    source: vendor
categories: [{cat1}, {cat2}]
modalities:
  input: [text, image]
  output: [text]
open_weights: {open_weights}
license: Apache-2.0
access: [api, app]
summary: A synthetic release used to measure ai-tracker at scale, number {n}.
highlights:
  - text: Longer context than its predecessor.
    source: vendor
specs:
  context_window:
    value: {context}
    unit: tokens
    source: vendor
benchmarks:
  - name: SWE-bench Verified
    score: {score}
    unit: "%"
    claimed_by: vendor
    source: vendor
sources:
  - id: vendor
    title: Announcement of Synthetic Model {n}
    publisher: {org}
    url: https://example.com/models/{n}
"""


def release_text(n: int, rng: random.Random) -> str:
    year = rng.choice([2023, 2024, 2025, 2026])
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    date = f"{year}-{month:02d}-{day:02d}" if n % 10 else f"{year}-{month:02d}"
    return TEMPLATE.format(
        n=n, org=f"{rng.choice(ORGS)} {n % 300}", country=rng.choice(COUNTRIES), date=date,
        event_date=f"{year}-{month:02d}", cat1=rng.choice(CATEGORIES[:3]), cat2=rng.choice(CATEGORIES[3:]),
        open_weights=rng.choice(["true", "false"]), context=rng.choice([8192, 32768, 131072, 1048576]),
        score=round(rng.uniform(10, 90), 1))


def generate(folder: Path, count: int, seed: int = 7) -> Path:
    """Write `count` release files under folder (100 per subfolder) and return folder."""
    rng = random.Random(seed)
    for n in range(count):
        sub = folder / f"batch-{n // 100:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"synthetic-model-{n}.yaml").write_text(release_text(n, rng), encoding="utf-8")
    return folder

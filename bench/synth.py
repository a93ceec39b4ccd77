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


# models.dev's labs the registry knows, and hosts that serve them (left out by the import).
CATALOGUE_LABS = ["openai", "anthropic", "google", "xai", "meta", "mistral", "deepseek", "alibaba", "zhipuai",
                  "minimax", "moonshotai", "nvidia", "cohere", "tencent", "xiaomi", "stepfun"]
CATALOGUE_HOSTS = ["openrouter", "azure", "bedrock", "vertex", "groq", "together", "fireworks", "deepinfra"]


def catalogue(entries: int = 5000, seed: int = 7) -> dict[str, object]:
    """A models.dev `api.json` of about `entries` provider entries, in the shape of the real
    one (tests/data/models-dev/update/api.json is an excerpt): each lab's own models with
    prices, and hosts serving `lab/model` copies of them."""
    rng = random.Random(seed)
    api: dict[str, dict[str, object]] = {}
    per_lab = max(1, entries // (2 * len(CATALOGUE_LABS)))
    served: list[tuple[str, str, dict[str, object]]] = []
    for lab in CATALOGUE_LABS:
        models: dict[str, object] = {}
        for n in range(per_lab):
            series = rng.randrange(1, 40)
            model_id = f"{lab}-model-{series}.{n % 7}-{n}"
            facts = {"id": model_id, "name": f"{lab.title()} Model {series}.{n % 7} v{n}", "family": lab,
                     "release_date": f"{rng.randrange(2023, 2027)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                     "last_updated": "2026-06-01", "attachment": True, "reasoning": rng.random() < 0.4,
                     "tool_call": True, "open_weights": rng.random() < 0.3,
                     "cost": {"input": round(rng.uniform(0.05, 15), 2), "output": round(rng.uniform(0.2, 60), 2)},
                     "limit": {"context": rng.choice([32768, 128000, 200000, 1048576]), "output": 8192},
                     "modalities": {"input": ["text", "image"], "output": ["text"]}}
            models[model_id] = facts
            served.append((lab, model_id, facts))
        api[lab] = {"id": lab, "name": lab.title(), "models": models}
    for host in CATALOGUE_HOSTS:
        picks = rng.sample(served, min(len(served), (entries - len(served)) // len(CATALOGUE_HOSTS)))
        api[host] = {"id": host, "name": host.title(),
                     "models": {f"{lab}/{model_id}": {**facts, "id": f"{lab}/{model_id}"} for lab, model_id, facts in picks}}
    return api

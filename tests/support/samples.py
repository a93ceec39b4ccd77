"""A small collection written in tests for lookup, compare and show (not the bundled data)."""

from __future__ import annotations

from pathlib import Path

from ai_tracker.collection.catalog import Catalog, load
from ai_tracker.collection.folders import DataDir
from support import minimal, write_release


def org(name: str, country: str | list[str], **extra: object) -> list[dict[str, object]]:
    return [{"name": name, "country": country, **extra}]


def released(date: str) -> dict[str, str]:
    return {"date": date, "source": "s1"}


def write_sample(folder: Path) -> Path:
    write_release(folder, "claude-opus-4-5", name="Claude Opus 4.5",
                  organization=org("Anthropic", "US"), released=released("2025-11-24"),
                  categories=["language", "coding"],
                  modalities={"input": ["text", "image", "pdf"], "output": ["text"]},
                  access=["api", "app"],
                  pricing={"model": "pay-per-use", "source": "s1"},
                  specs={"context_window": {"value": "200000", "unit": "tokens", "source": "s1"}},
                  benchmarks=[{"name": "SWE-bench Verified", "score": "80.9", "unit": "%",
                               "claimed_by": "vendor", "source": "s1"}])
    write_release(folder, "glm-4-5", name="GLM-4.5", organization=org("Zhipu AI", "CN"),
                  released=released("2025-07"))
    write_release(folder, "glm-5", name="GLM-5", aliases=["智谱GLM-5", "GLM5"],
                  organization=org("Zhipu AI", "CN", aliases=["智谱AI", "智谱"]),
                  released=released("2026-02-12"), predecessor="glm-4-5",
                  categories=["language", "coding", "agent"],
                  modalities={"input": ["text"], "output": ["text"]},
                  open_weights="true", access=["open-weights", "api"],
                  specs={"context_window": {"value": "204800", "unit": "tokens", "source": "s1"}},
                  benchmarks=[{"name": "SWE-bench Verified", "score": "72.8", "unit": "%",
                               "claimed_by": "independent", "source": "s1"}],
                  claims=[{"text": "Coding ability close to Anthropic's Claude Opus 4.5.",
                           "about": "claude-opus-4-5", "relation": "close-to",
                           "claimed_by": "vendor", "who": "Zhipu AI", "source": "s1"}],
                  market_reaction=[{"company": "Zhipu AI", "listing": "Hong Kong",
                                    "date": "2026-02-12..2026-02-14", "change_percent": "15",
                                    "market_cap_change_usd": "3000000000", "source": "s1"}])
    kuaishou = org("Kuaishou", "CN")
    write_release(folder, "kling-1-0", name="Kling 1.0", organization=kuaishou,
                  released=released("2024-06-06"), categories=["video-generation"],
                  specs={"max_video_length": {"value": "5", "unit": "s", "source": "s1"}})
    write_release(folder, "kling-2-6", name="Kling 2.6", organization=kuaishou,
                  released=released("2025-12"), categories=["video-generation"], predecessor="kling-1-0",
                  specs={"max_video_length": {"value": "10", "unit": "s", "approximate": "true",
                                              "source": "s1"}})
    write_release(folder, "kling-3-0", name="Kling 3.0", organization=kuaishou,
                  released=released("2026-02-04"), categories=["video-generation"], predecessor="kling-2-6",
                  specs={"max_video_length": {"value": "15", "unit": "s", "source": "s1"}})
    write_release(folder, "seedance-2-0", name="Seedance 2.0", organization=org("ByteDance", "CN"),
                  released=released("2026-02-12..2026-02-14"), categories=["video-generation"])
    return folder


def sample_catalog(folder: Path) -> Catalog:
    return load(DataDir(write_sample(folder), "option"))


__all__ = ["minimal", "org", "released", "sample_catalog", "write_sample"]

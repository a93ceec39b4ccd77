"""The fixed choices of command-line options, in a module that imports nothing.

The CLI declares its options when it starts, before it knows which command
runs; keeping these enums apart from the modules that use them (render,
counting, queries) means `--help` and every command start without importing
those modules.
"""

from __future__ import annotations

from enum import Enum


class Format(str, Enum):
    """Output formats shared by every command that prints data."""

    table = "table"
    plain = "plain"
    markdown = "markdown"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    yaml = "yaml"


class ExportFormat(str, Enum):
    """What `export` writes."""

    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    sqlite = "sqlite"


class Per(str, Enum):
    """The periods `counts` groups by."""

    week = "week"
    month = "month"
    quarter = "quarter"
    year = "year"


class By(str, Enum):
    """The columns `counts` splits into."""

    country = "country"
    region = "region"
    organization = "organization"
    category = "category"


class Attribution(str, Enum):
    """How a release by organisations of several countries is counted."""

    each = "each"
    first = "first"

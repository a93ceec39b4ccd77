"""Schema errors are mapped back to file, line, column and field, all at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import write_text

from ai_tracker.files.loader import read_release

GOOD = """\
name: Test Model
organization:
  - name: Test Lab
    country: {country}
released:
  date: {date}
  source: s1
categories: [{category}]
sources:
  - id: s1
    title: A source
"""


def problems(tmp_path: Path, text: str, release_id: str = "test-model"):
    path = write_text(tmp_path, release_id, text)
    release, found = read_release(path, path.name)
    assert release is None, "expected the file to be refused"
    return [(p.line, p.column, p.field, p.message) for p in found]


def good(**kw: str) -> str:
    values = {"country": "US", "date": "2026-02-12", "category": "language"} | kw
    return GOOD.format(**values)


def test_a_good_file_loads(tmp_path):
    path = write_text(tmp_path, "test-model", good(country="NO"))
    release, found = read_release(path, "x")
    assert found == []
    assert release.id == "test-model"
    assert release.countries == ["NO"]  # Norway, not False
    assert str(release.released.date) == "2026-02-12"


def test_unknown_field_names_its_line_and_the_nearest_field(tmp_path):
    text = good().replace("released:", "relased:")
    found = problems(tmp_path, text)
    assert (5, 1, "relased", "unknown field 'relased'; did you mean 'released'?") in found
    assert (1, 1, "released", "required field 'released' is missing") in found


@pytest.mark.parametrize("date, words", [
    ("2026-02-30", "'2026-02-30' does not exist: February 2026 has 28 days"),
    ("2025-02-29", "'2025-02-29' does not exist: February 2025 has 28 days"),
    ("2024-04-31", "'2024-04-31' does not exist: April 2024 has 30 days"),
    ("2024-01-00", "'2024-01-00' does not exist: January 2024 has 31 days"),
    ("2024-02-29..03-00", "'2024-03-00' does not exist: March 2024 has 31 days"),
    ("1799-01-01", "year 1799 is outside 1800 to 2999"),
    ("2026-13", "month 13 does not exist in '2026-13'"),
    ("2026-02-14..2026-02-12", "window ends (2026-02-12) before it starts (2026-02-14)"),
    ("last week", "'last week' is not a date; expected a day (2026-02-12), a month"),
])
def test_bad_dates(tmp_path, date, words):
    [(line, column, field, message)] = problems(tmp_path, good(date=date))
    assert (line, column, field) == (6, 9, "released.date")
    assert message.startswith(words)


@pytest.mark.parametrize("date, shown", [
    ("2024-02-29", "2024-02-29"), ("1800-12", "1800-12"), ("2999-01", "2999-01"), ("2026", "2026"),
    ("2026-02-27..03-01", "2026-02-27..2026-03-01"), ("2026-02-12..2026-02-12", "2026-02-12"),
])
def test_good_dates_read_and_print_as_written(tmp_path, date, shown):
    release, found = read_release(write_text(tmp_path, "test-model", good(date=date)), "x")
    assert found == [] and release is not None
    assert str(release.released.date) == shown


def test_unknown_country_suggests_the_code(tmp_path):
    [(line, column, field, message)] = problems(tmp_path, good(country="UK"))
    assert (line, column, field) == (4, 14, "organization[0].country[0]")
    assert "unknown country code 'UK'" in message and "did you mean 'GB' (United Kingdom)?" in message


def test_unknown_category_lists_the_nearest_and_the_valid_ones(tmp_path):
    [(line, column, field, message)] = problems(tmp_path, good(category="vidoe-generation"))
    assert (line, field) == (8, "categories[0]")
    assert "did you mean 'video-generation'?" in message
    assert "expected one of: language, coding" in message


def test_every_error_of_a_file_is_reported(tmp_path):
    text = good(country="XX", category="nope").replace("name: Test Model\n", "")
    found = problems(tmp_path, text)
    fields = sorted(f for _, _, f, _ in found)
    assert fields == ["categories[0]", "name", "organization[0].country[0]"]


def test_a_fact_must_name_a_known_source(tmp_path):
    text = good().replace("  source: s1", "  source: s2")
    [(line, column, field, message)] = problems(tmp_path, text)
    assert (line, column, field) == (7, 11, "released.source")
    assert message == "source 's2' is not in this file's sources (known: s1)"


def test_numbers_and_booleans_are_checked(tmp_path):
    text = good() + "open_weights: maybe\nspecs:\n  context_window:\n    value: 1:20\n    source: s1\n"
    found = problems(tmp_path, text)
    assert (12, 15, "open_weights", "expected true or false, got 'maybe'") in found
    assert (15, 12, "specs.context_window.value", "expected a number, got '1:20'") in found


def test_version_like_text_stays_text(tmp_path):
    path = write_text(tmp_path, "test-model", good() + "license: 2.10\naliases: [1.0, NO]\n")
    release, found = read_release(path, "x")
    assert found == []
    assert release.license == "2.10"
    assert release.aliases == ["1.0", "NO"]


def test_file_name_must_be_an_id(tmp_path):
    found = problems(tmp_path, good(), release_id="Test Model")
    assert found == [(None, None, None, "file name 'Test Model.yaml' is not a valid id: use lowercase letters, "
                      "digits and hyphens, ending in .yaml (pattern ^[a-z0-9]+(?:-[a-z0-9]+)*$)")]


def test_id_is_not_a_field(tmp_path):
    found = problems(tmp_path, "id: other\n" + good())
    assert found == [(1, 1, "id", "'id' is not a field: a release's id is its file name")]


def test_yaml_errors_come_through_with_position(tmp_path):
    found = problems(tmp_path, good() + "extra: [1, 2\n")
    assert found[0][0] == 13 and found[0][3].startswith("YAML syntax")  # met at the end of the file


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e400"])
def test_numbers_must_be_finite(tmp_path, value):
    text = good() + f"specs:\n  context_window:\n    value: {value}\n    source: s1\n"
    [(line, column, field, message)] = problems(tmp_path, text)
    assert (line, field) == (14, "specs.context_window.value")
    assert "finite" in message


def test_country_codes_are_upper_case(tmp_path):
    [(line, column, field, message)] = problems(tmp_path, good(country="cn"))
    assert field == "organization[0].country[0]"
    assert "did you mean 'CN' (China)?" in message


@pytest.mark.parametrize("date, words", [
    ("9999-12-31", "year 9999 is outside 1800 to 2999"),
    ("２０２６-02-12", "is not a date"),
])
def test_dates_in_range_and_in_ascii_digits(tmp_path, date, words):
    [(line, column, field, message)] = problems(tmp_path, good(date=date))
    assert field == "released.date" and words in message


@pytest.mark.parametrize("extra, field, words", [
    ("access: [api, api]\n", "access", "'api' is listed twice"),
    ("aliases: ['  ']\n", "aliases[0]", "must not be empty or blank"),  # a name nobody can type
    ("aliases: ['GPT 5', 'gpt-5 ']\n", None, None),  # any other alias is kept as written
    ("summary: x\nquotes: [{speaker: ' ', text: t, language: en, source: s1}]\n", "quotes[0].speaker",
     "must not be empty or blank"),
])
def test_repeats_and_blanks(tmp_path, extra, field, words):
    path = write_text(tmp_path, "test-model", good() + extra)
    release, found = read_release(path, "x")
    if field is None:
        assert found == []
        return
    [problem] = found
    assert (problem.field, problem.message) == (field, words)


def test_a_country_listed_twice(tmp_path):
    found = problems(tmp_path, good(country="[CN, CN]"))
    assert found == [(4, 14, "organization[0].country", "'CN' is listed twice")]


@pytest.mark.parametrize("value", ["-5", "-0.5"])
def test_a_negative_size_or_price_is_refused_at_its_line(tmp_path, value):
    """Specs are sizes, windows and prices: a negative one is a typo (it showed as
    '-US$1e+288 trillion'), refused with its line and field."""
    text = good() + f"specs:\n  input_price: {{value: {value}, unit: USD per 1M tokens, source: s1}}\n"
    (line, _, field, message) = problems(tmp_path, text)[0]
    assert (line, field) == (13, "specs.input_price.value") and "greater than or equal to 0" in message

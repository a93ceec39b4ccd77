"""The counting engine: periods, placing, attribution, regions, zero columns and rows, JSON shape."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from support import rel

from ai_tracker.analysis.counting import Attribution, By, Per, count, period_of, place
from ai_tracker.model import countries
from ai_tracker.model.dates import FuzzyDate
from ai_tracker.model.schema import Release

D = dt.date


# --------------------------------------------------------------------------- periods and placing

def test_iso_year_boundary_2025_12_29_is_2026_w01():
    week = period_of(Per.week, D(2025, 12, 29))
    assert (week.label, week.start, week.end) == ("2026-W01", D(2025, 12, 29), D(2026, 1, 4))
    assert period_of(Per.week, D(2027, 1, 1)).label == "2026-W53"  # 2026 has 53 ISO weeks
    assert period_of(Per.week, D(2026, 2, 15)).label == "2026-W07"
    assert period_of(Per.week, D(2026, 2, 16)).label == "2026-W08"


def test_month_quarter_year_periods():
    month = period_of(Per.month, D(2024, 2, 10))
    assert (month.label, month.start, month.end) == ("2024-02", D(2024, 2, 1), D(2024, 2, 29))
    quarter = period_of(Per.quarter, D(2026, 11, 29))
    assert (quarter.label, quarter.start, quarter.end) == ("2026-Q4", D(2026, 10, 1), D(2026, 12, 31))
    year = period_of(Per.year, D(2026, 6, 1))
    assert (year.label, year.start, year.end) == ("2026", D(2026, 1, 1), D(2026, 12, 31))
    assert year.next().label == "2027" and quarter.next().label == "2027-Q1"
    assert period_of(Per.week, D(2026, 1, 1)).previous().label == "2025-W52"


@pytest.mark.parametrize(("date", "per", "label", "approximate"), [
    ("2026-02-12", Per.week, "2026-W07", False),                # a day
    ("2026-02-09..2026-02-15", Per.week, "2026-W07", False),    # window inside one week: exact
    ("2026-02-13..2026-02-17", Per.week, "2026-W07", True),     # across weeks: earliest, approximate
    ("2026-02", Per.week, "2026-W05", True),                     # month only: 2026-02-01 is a Sunday
    ("2026-02", Per.month, "2026-02", False),                    # ...but exact in a month count
    ("2026", Per.week, "2026-W01", True),                        # year only
    ("2026", Per.quarter, "2026-Q1", True),
    ("2026", Per.year, "2026", False),
    ("2025-12-30..2026-01-02", Per.week, "2026-W01", False),    # inside a week that crosses the year
    ("2025-12-30..2026-01-02", Per.year, "2025", True),
])
def test_placing_rule(date, per, label, approximate):
    period, approx = place(FuzzyDate.parse(date), per)
    assert (period.label, approx) == (label, approximate)


# --------------------------------------------------------------------------- counting

def test_release_of_2025_12_29_counts_in_2026_w01():
    counts = count([rel("a", "2025-12-29", ("Lab", "CN")), rel("b", "2025-12-28", ("Lab", "CN"))],
                   since=D(2025, 12, 22), until=D(2026, 1, 4))
    assert [(r.period.label, r.counts, r.total) for r in counts.rows] == [
        ("2025-W52", {"CN": 1}, 1), ("2026-W01", {"CN": 1}, 1)]


def test_window_rules_count_and_mark_approximate():
    releases = [rel("inside", "2026-02-09..2026-02-15", ("A", "CN")),
                rel("across", "2026-02-13..2026-02-17", ("B", "CN")),
                rel("month", "2026-02", ("C", "US"))]
    counts = count(releases, since=D(2026, 1, 26), until=D(2026, 2, 22))
    assert [(r.period.label, r.counts, r.total, r.approximate) for r in counts.rows] == [
        ("2026-W05", {"CN": 0, "US": 1}, 1, 1),
        ("2026-W06", {"CN": 0, "US": 0}, 0, 0),
        ("2026-W07", {"CN": 2, "US": 0}, 2, 1),
        ("2026-W08", {"CN": 0, "US": 0}, 0, 0),
    ]
    assert counts.approximate == 2
    assert counts.notes() == [  # one line names the rules; --explain states them
        "ISO weeks (Monday to Sunday), by released date; attribution 'each'; approximate: 2 of 3. "
        "--explain states the counting rules."]
    assert "Approximate: 2 of 3." in dataclasses.replace(counts, explain=True).notes()[1]


def joint() -> Release:
    """One release by a lab of the US and the UK, with a French partner."""
    return rel("joint", "2026-02-12", ("Anglo Lab", ["US", "GB"]), ("Paris Lab", "FR"))


def test_attribution_each_counts_once_per_country_and_once_in_total():
    counts = count([joint(), rel("solo", "2026-02-10", ("Lab", "US"))], since=D(2026, 2, 9), until=D(2026, 2, 15))
    (row,) = counts.rows
    assert row.counts == {"US": 2, "FR": 1, "GB": 1}
    assert row.total == 2


def test_attribution_first_counts_only_first_organisations_first_country():
    counts = count([joint(), rel("solo", "2026-02-10", ("Lab", "US"))], attribution=Attribution.first,
                   since=D(2026, 2, 9), until=D(2026, 2, 15))
    (row,) = counts.rows
    assert row.counts == {"US": 2}
    assert row.total == 2
    assert "attribution 'first'" in counts.notes()[0]
    assert "Attribution 'first'" in dataclasses.replace(counts, explain=True).notes()[2]


def test_region_each_counts_a_region_once_even_with_two_european_countries():
    counts = count([joint()], by=By.region, since=D(2026, 2, 9), until=D(2026, 2, 15))
    assert counts.rows[0].counts == {"China": 0, "United States": 1, "Europe": 1, "Rest of world": 0}
    assert counts.rows[0].total == 1
    first = count([joint()], by=By.region, attribution=Attribution.first, since=D(2026, 2, 9), until=D(2026, 2, 15))
    assert first.rows[0].counts == {"China": 0, "United States": 1, "Europe": 0, "Rest of world": 0}


@pytest.mark.parametrize(("code", "region"), [
    ("CN", "China"), ("US", "United States"),
    ("GB", "Europe"), ("CH", "Europe"), ("NO", "Europe"), ("IS", "Europe"),  # not EU, still Europe
    ("FR", "Europe"), ("DE", "Europe"), ("IE", "Europe"), ("MT", "Europe"),  # EU members
    ("HK", "Rest of world"), ("TW", "Rest of world"), ("JP", "Rest of world"), ("KR", "Rest of world"),
    ("IN", "Rest of world"), ("CA", "Rest of world"), ("AE", "Rest of world"), ("IL", "Rest of world"),
])
def test_region_map(code, region):
    assert countries.region_of(code) == region


def test_every_eu_member_is_in_europe():
    eu = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
    assert len(eu) == 27
    assert [c for c in eu if countries.region_of(c) != "Europe"] == []
    assert list(countries.REGIONS) == ["China", "United States", "Europe", "Rest of world"]


def test_columns_asked_for_show_at_zero_in_that_order_and_bound_the_total():
    counts = count([joint(), rel("cn", "2026-02-11", ("Lab", "CN"))], columns=["CN", "DE", "US"],
                   since=D(2026, 2, 9), until=D(2026, 2, 15))
    assert counts.columns == ["CN", "DE", "US"]
    assert counts.rows[0].counts == {"CN": 1, "DE": 0, "US": 1}
    assert counts.rows[0].total == 2
    only_de = count([joint()], columns=["DE"], since=D(2026, 2, 9), until=D(2026, 2, 15))
    assert (only_de.rows[0].counts, only_de.rows[0].total) == ({"DE": 0}, 0)


def test_country_restriction_under_region_and_organization():
    releases = [joint(), rel("cn", "2026-02-11", ("Zhipu", "CN"))]
    week = {"since": D(2026, 2, 9), "until": D(2026, 2, 15)}
    fr = count(releases, by=By.region, only_countries=["FR"], **week)
    assert (fr.rows[0].counts["Europe"], fr.rows[0].counts["United States"], fr.rows[0].total) == (1, 0, 1)
    orgs = count(releases, by=By.organization, only_regions=["Europe"], **week)
    assert orgs.rows[0].counts == {"Anglo Lab": 1, "Paris Lab": 1}  # the Chinese release is left out
    us_orgs = count(releases, by=By.organization, only_countries=["US"], **week)
    assert us_orgs.rows[0].counts == {"Anglo Lab": 1}


def test_category_each_and_first():
    releases = [rel("a", "2026-02-10", categories=["coding", "agent"]), rel("b", "2026-02-11", categories=["agent"])]
    week = {"since": D(2026, 2, 9), "until": D(2026, 2, 15)}
    assert count(releases, by=By.category, **week).rows[0].counts == {"agent": 2, "coding": 1}
    assert count(releases, by=By.category, attribution=Attribution.first, **week).rows[0].counts == {
        "agent": 1, "coding": 1}


def test_empty_weeks_are_zero_rows_unless_skipped():
    releases = [rel("a", "2026-01-05", ("Lab", "CN")), rel("b", "2026-01-22", ("Lab", "CN"))]
    counts = count(releases)
    assert [(r.period.label, r.total) for r in counts.rows] == [
        ("2026-W02", 1), ("2026-W03", 0), ("2026-W04", 1)]
    assert counts.totals == {"CN": 2} and counts.total == 2
    skipped = count(releases, skip_empty=True)
    assert [r.period.label for r in skipped.rows] == ["2026-W02", "2026-W04"]


def test_last_n_periods_end_at_latest_release():
    releases = [rel("a", "2025-06-01", ("Lab", "CN")), rel("b", "2026-02-12", ("Lab", "CN"))]
    counts = count(releases, last=3)
    assert [r.period.label for r in counts.rows] == ["2026-W05", "2026-W06", "2026-W07"]
    assert counts.total == 1


def test_range_is_widened_to_whole_periods_and_says_so():
    counts = count([rel("a", "2026-02-12")], since=D(2026, 2, 11), until=D(2026, 2, 12))
    assert [(r.period.start, r.period.end) for r in counts.rows] == [(D(2026, 2, 9), D(2026, 2, 15))]
    assert counts.notes()[-1] == ("The range 2026-02-11..2026-02-12 is counted in whole weeks: "
                                  "2026-02-09..2026-02-15.")
    skipped = count([rel("a", "2026-02-12")], since=D(2026, 2, 1), skip_empty=True)
    assert [r.period.label for r in skipped.rows] == ["2026-W07"]
    assert (skipped.span[0].label, skipped.span[1].label) == ("2026-W05", "2026-W07")
    assert skipped.notes()[-1] == ("The range 2026-02-01..2026-02-15 is counted in whole weeks: "
                                   "2026-01-26..2026-02-15.")


def test_no_release_and_no_range_gives_no_rows():
    counts = count([], by=By.region)
    assert counts.rows == [] and counts.columns == ["China", "United States", "Europe", "Rest of world"]


def test_records_have_the_documented_shape():
    counts = count([rel("a", "2026-02-12", ("Lab", "CN"))], columns=["CN", "US"],
                   since=D(2026, 2, 9), until=D(2026, 2, 15))
    assert counts.records() == [{"week": "2026-W07", "start": "2026-02-09", "end": "2026-02-15",
                                 "counts": {"CN": 1, "US": 0}, "total": 1, "approximate": 0,
                                 "coverage": "covered", "to_date": False}]
    years = count([rel("a", "2026-02-12", ("Lab", "CN"))], per=Per.year)
    assert years.records() == [{"year": "2026", "start": "2026-01-01", "end": "2026-12-31",
                                "counts": {"CN": 1}, "total": 1, "approximate": 0,
                                "coverage": "covered", "to_date": False}]

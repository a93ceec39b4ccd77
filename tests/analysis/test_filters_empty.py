"""`Filters.empty`: the shortcut of `select` must know every criterion."""

from __future__ import annotations

import dataclasses
import datetime as dt

from ai_tracker.analysis.filters import Filters, select
from ai_tracker.model.dates import IsoWeek

SET = {"countries": ["US"], "regions": ["Europe"], "orgs": ["x"], "categories": ["coding"],
       "since": dt.date(2026, 1, 1), "until": dt.date(2026, 1, 1), "week": IsoWeek(2026, 7),
       "open_weights": True, "search": "x"}


def test_every_criterion_makes_filters_not_empty():
    # period_kind: how since/until were asked; today: the day they were counted from
    fields = {f.name for f in dataclasses.fields(Filters)} - {"period_kind", "today"}
    assert fields == set(SET), "a new criterion: add it to Filters.empty and to SET"
    assert Filters().empty() and Filters(period_kind="week").empty()
    for name, value in SET.items():
        assert not Filters(**{name: value}).empty(), name


def test_select_with_no_filter_is_every_release_in_order():
    items = ["b", "a", "c"]
    assert select(iter(items), Filters()) == items

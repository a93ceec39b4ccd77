"""Country names read from pycountry's data file are pycountry's own."""

from __future__ import annotations

import pycountry

from ai_tracker.model import countries


def pycountry_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return code if country is None else getattr(country, "common_name", None) or country.name


def test_every_name_is_pycountry_s(monkeypatch):
    codes = [c.alpha_2 for c in pycountry.countries]
    assert len(codes) > 240 and countries._names()
    for code in [*codes, "XX", "cn", "Tw"]:
        assert countries.name_of(code) == pycountry_name(code), code
    monkeypatch.setattr(countries, "_names", lambda: {})  # no data file where expected: pycountry answers
    assert [countries.name_of(c) for c in ("CN", "TW", "XX")] == [pycountry_name(c) for c in ("CN", "TW", "XX")]

"""Every fact in the bundled record names a source a reader can open: a file at a
commit, a vendor page, or a report with its publisher and date; never a
repository's or a site's front page."""

from __future__ import annotations

import re

import pytest

from ai_tracker.collection.catalog import load
from ai_tracker.collection.folders import bundled_dir, resolve_data_dir

FRONT_PAGE = re.compile(r"^https?://(github\.com/[^/]+/[^/]+|[^/]+)/?$")
GITHUB_FILE = re.compile(r"^https://github\.com/[^/]+/[^/]+/(blob|tree)/(?P<ref>[^/]+)/")

RELEASES = load(resolve_data_dir(str(bundled_dir()))).releases


@pytest.mark.parametrize("release", RELEASES, ids=[r.id for r in RELEASES])
def test_every_source_can_be_opened(release):
    for source in release.sources:
        where = f"{release.id}: source '{source.id}'"
        if source.url is None:
            assert source.publisher and source.date, f"{where} has no URL, so it needs a publisher and a date"
            continue
        assert not FRONT_PAGE.match(source.url), f"{where} is a front page: {source.url}"
        github = GITHUB_FILE.match(source.url)
        if github:
            assert re.fullmatch(r"[0-9a-f]{40}", github["ref"]), f"{where}: a repository file must be at a commit"


def test_front_page_rule_is_not_vacuous():
    assert FRONT_PAGE.match("https://github.com/anomalyco/models.dev")
    assert FRONT_PAGE.match("https://openai.com/")
    assert not FRONT_PAGE.match("https://openai.com/index/introducing-gpt-5/")


def test_the_readme_states_how_many_releases_ship():
    from support import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"It ships with {len(RELEASES)} real releases" in readme

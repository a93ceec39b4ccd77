"""No bundled source sits on a host a reader cannot trust to be the page it
claims to be: a staging or test server, a short link, a repost, a scraper or a
live quote page; and a source whose id names a press outlet is on that
outlet's own domains, as docs/record/outlets.md lists them."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from support import REPO

from ai_tracker.collection.catalog import load
from ai_tracker.collection.folders import bundled_dir, resolve_data_dir

# Each pattern is searched in the whole URL (lower case); the comment says why
# a page there is not a source a reader can open and trust.
BAD_URL_PATTERNS: list[tuple[str, str]] = [
    # Staging and test servers: pre-release copies, often unreachable from
    # outside, and not what the publisher finally printed.
    # The label must sit before a domain of its own (testing.dev.example.com,
    # temp.jaylab.io), so that a site named dev.to is not taken for one.
    (r"^https?://([^/]*\.)?(testing|staging|stage|test|uat|dev|temp)\.[^/.]+\.[^/]+/", "a staging or test server"),
    # Azure App Service default hosts (blockchainnewsuat.azurewebsites.net):
    # publishers serve readers from their own domain, never from these.
    (r"^https?://[^/]*\.azurewebsites\.net/", "an Azure app-service default host (staging)"),
    # Origin hosts behind a CDN (web-origin.lbkrs.com): an internal address.
    (r"^https?://([^/]*[.-])?origin\.[^/]*/", "a CDN origin host"),
    # WordPress short links (?p=123) say nothing of the page and break when
    # the site moves; cite the article's own address.
    (r"[?&]p=\d+(&|$)", "a WordPress ?p= short link"),
    # Link shorteners hide where a link goes.
    (r"^https?://(bit\.ly|t\.co|tinyurl\.com|ift\.tt|goo\.gl|ow\.ly)/", "a link shortener"),
    # Free static hosts serve reposts and AI-written digests of others' pages.
    (r"^https?://[^/]*\.(pages\.dev|netlify\.app|vercel\.app|workers\.dev)/", "a repost on a free static host"),
    # Scraper copies of press found in the record (.xyz copies of IT之家,
    # numbered topnews.com mirrors of The Register).
    (r"^https?://[^/]*\.xyz/", "a scraper domain (.xyz)"),
    (r"^https?://\d+\.topnews\.com/", "a news-aggregator mirror"),
    # Mirrors and proxies of Hugging Face and GitHub pages.
    (r"^https?://([^/]*\.)?(hugflare\.com|audrey\.cafe|stig\.sh)/", "a mirror of another site"),
    # Live market-data pages change every day: no fact can be checked there.
    (r"^https?://([^/]*\.)?(stockanalysis\.com|valueinvesting\.io|ticker\.report)/", "a live quote page"),
]

OUTLETS_DOC = REPO / "docs" / "record" / "outlets.md"
OUTLET_ROW = re.compile(r"^\|\s*(?P<prefix>[a-z0-9][a-z0-9-]*)\s*\|[^|]*\|(?P<domains>[^|]*)\|\s*$")

RELEASES = load(resolve_data_dir(str(bundled_dir()))).releases


def bad_url_reason(url: str) -> str | None:
    """Why this address is not a source a reader can open and trust, or None."""
    lowered = url.lower()
    for pattern, why in BAD_URL_PATTERNS:
        if re.search(pattern, lowered):
            return why
    return None


def parse_outlets(text: str) -> dict[str, list[str]]:
    """The outlets table of docs/record/outlets.md: id prefix -> domains."""
    outlets: dict[str, list[str]] = {}
    for line in text.splitlines():
        row = OUTLET_ROW.match(line.strip())
        if row:
            outlets[row["prefix"]] = re.findall(r"`([^`]+)`", row["domains"])
    return outlets


def outlet_of(source_id: str, outlets: dict[str, list[str]]) -> str | None:
    """The outlet a source id names (after an optional 'press-'), or None."""
    name = source_id.removeprefix("press-")
    for prefix in outlets:
        if name == prefix or name.startswith(prefix + "-"):
            return prefix
    return None


def on_domains(url: str, domains: list[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == domain or host.endswith("." + domain) for domain in domains)


OUTLETS = parse_outlets(OUTLETS_DOC.read_text(encoding="utf-8"))


@pytest.mark.parametrize("release", RELEASES, ids=[r.id for r in RELEASES])
def test_no_source_is_on_a_staging_short_link_repost_or_quote_host(release):
    for source in release.sources:
        if source.url is None:
            continue
        why = bad_url_reason(source.url)
        assert why is None, f"{release.id}: source '{source.id}' is on {why}: {source.url}"


@pytest.mark.parametrize("release", RELEASES, ids=[r.id for r in RELEASES])
def test_a_source_named_for_an_outlet_is_on_its_domains(release):
    for source in release.sources:
        outlet = outlet_of(source.id, OUTLETS)
        if outlet is None or source.url is None:
            continue
        assert on_domains(source.url, OUTLETS[outlet]), (
            f"{release.id}: source '{source.id}' names {outlet} (docs/record/outlets.md: "
            f"{', '.join(OUTLETS[outlet])}) but is on {urlsplit(source.url).hostname}: {source.url}"
        )


def test_the_outlets_table_is_read():
    # The parsed table must hold the outlets the issue names, with domains, or
    # the outlet test would pass by checking nothing.
    for prefix in ("reuters", "cnbc", "theverge", "techcrunch", "scmp", "ithome", "theregister", "cgtn"):
        assert OUTLETS.get(prefix), f"docs/record/outlets.md has no row with domains for {prefix}"
    assert all(domain and "/" not in domain for domains in OUTLETS.values() for domain in domains)


@pytest.mark.parametrize(
    "url",
    [
        "https://testing.dev.theedgesingapore.com/news/tech/zhipu",
        "https://blockchainnewsuat.azurewebsites.net/news/leanstral",
        "https://web-origin.lbkrs.com/news/246805824",
        "https://ixtria.ch/?p=909",
        "https://example.com/post?lang=en&p=12",
        "https://ai-news-9hr.pages.dev/news/2026-06-10/x",
        "https://corsummit.netlify.app/news/build",
        "https://anindakredi.xyz/2026/04/29/it-zhi-jia",
        "https://1395.topnews.com/en/technology/?article=1",
        "https://stockanalysis.com/quote/hkg/1024/statistics",
        "https://bit.ly/3abc",
        "https://temp.jaylab.io/minimax-m2-7-report.html",
    ],
)
def test_bad_hosts_are_caught(url):
    assert bad_url_reason(url) is not None


@pytest.mark.parametrize(
    "url",
    [
        "https://www.theregister.com/2025/12/02/mistral_3/",
        "https://developers.googleblog.com/en/introducing-gemini-2-5-flash-image/",
        "https://docs.cloud.google.com/gemini-enterprise-agent-platform/models/guides/gemini-4-carbon",
        "https://qwenlm.github.io/blog/qwen2.5/",
        "https://github.com/anomalyco/models.dev/blob/89b873ed9e9c2420f7d2c972c9d051ad223e8096/providers/openai/models/gpt-5.6-sol.toml",
        "https://the-decoder.com/black-forest-labs-launches-flux-2-with-a-new-multi-reference-feature",
        "https://www.devtest.example/article",
        "https://dev.to/evan-dong/gemini-35-flash-just-shipped",
    ],
)
def test_ordinary_addresses_pass(url):
    assert bad_url_reason(url) is None


def test_outlet_matching():
    outlets = {"reuters": ["reuters.com"], "cgtn": ["cgtn.com"], "theregister": ["theregister.com"]}
    assert outlet_of("reuters", outlets) == "reuters"
    assert outlet_of("reuters-2026-03-05", outlets) == "reuters"
    assert outlet_of("press-reuters", outlets) == "reuters"
    assert outlet_of("reutersish", outlets) is None
    assert on_domains("https://news.cgtn.com/news/2026-03-14/x", outlets["cgtn"])
    assert not on_domains("https://peoplesdaily.pdnews.cn/china/er/30051457003", outlets["cgtn"])
    assert not on_domains("https://1395.topnews.com/en/technology/?article=1", outlets["theregister"])
    assert not on_domains("https://notreuters.com/x", outlets["reuters"])

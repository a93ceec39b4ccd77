"""Give every bundled source its `kind:` (README, "Conventions": kinds of source).

    python docs/record/tools/source_kinds.py [RELEASES_DIR]      # writes the missing kind: lines
    python docs/record/tools/source_kinds.py --check [DIR]       # lists what it would add, writes nothing

Idempotent: a source that already has a `kind:` keeps it (a kind set by hand wins
over these rules), and a file none of whose sources lacks one is not rewritten.
It adds one line per source and touches no other line, so each file keeps its
formatting and comments: in a list of sources the line goes right after the
`- id:` line, in `sources.yaml` right after the entry's key.

The rules below are tried in order and the first that matches decides. They were
written by reading every source of the record on 2026-12-08 (its host, publisher
and note); a source no rule names is taken as `secondary` and listed on stderr,
because calling an unknown page a vendor's would hide a weak date, while calling
it secondary only makes `validate` warn (and a reader can then set the kind).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[3]
OUTLETS_DOC = ROOT / "docs" / "record" / "outlets.md"
OUTLET_ROW = re.compile(r"^\|\s*[a-z0-9][a-z0-9-]*\s*\|[^|]*\|(?P<domains>[^|]*)\|\s*$")

# The organisations whose own cloud documentation is theirs: a model card on
# Google Cloud is Google's page for a Gemini, but a reseller's page for a Qwen.
CLOUDS: dict[str, set[str]] = {
    "google": {"docs.cloud.google.com", "cloud.google.com", "documentation.s3ns.fr"},
    "google-deepmind": {"docs.cloud.google.com", "cloud.google.com", "documentation.s3ns.fr"},
    "nvidia": {"docs.nvidia.com", "docs.api.nvidia.com"},
    "amazon": {"docs.aws.amazon.com"},
    "oracle": {"docs.oracle.com"},
}
ALL_CLOUDS = set().union(*CLOUDS.values())

# The makers' own sites: announcements, blogs, documentation, changelogs.
VENDOR_HOSTS = {
    "openai.com", "developers.openai.com", "anthropic.com", "platform.claude.com", "mistral.ai",
    "docs.mistral.ai", "ai.meta.com", "seed.bytedance.com", "api-docs.deepseek.com", "deepmind.google",
    "blog.google", "ai.google.dev", "developers.googleblog.com", "qwenlm.github.io", "x.ai", "cohere.com",
    "docs.z.ai", "yiyan.baidu.com", "longcat.chat", "www.minimax.io", "minimax.io",
    # A listed maker's investor-relations site: its own announcements, dated.
    "ir.kuaishou.com",
    # A maker's press release, carried word for word by a distribution service.
    "globenewswire.com", "pubt.io",
}
# Makers' and their leaders' accounts on X (the record cites no one else's there).
VENDOR_X_ACCOUNTS = {"claudeai", "bfl_ai", "mustafasuleyman", "microsoftai", "minimax_ai", "cohere", "baidu_inc",
                     "paddlepaddle", "openai"}
# Archives of makers' own news feeds, kept in a repository: the item is the maker's words and date.
FEED_ARCHIVES = {"alan-turing-institute/ai-rss-feeds", "olshansk/rss-feeds"}
# Databases of models, each row kept with its history (README: where the record comes from).
DATABASE_REPOS = {"anomalyco/models.dev", "sst/models.dev"}
DATABASE_HOSTS = {"epoch.ai"}
# Repositories that are digests, reading notes or curated lists: someone's summary of others' pages.
DIGEST_REPOS = {
    "akihikowatanabe/paper_notes", "imjuya/juya-ai-daily", "searchfeed/weekly", "ikaijua/awesome-aitools",
    "yagami360/ai-product-dev-tips", "the-machine-herald/machineherald.io", "chainreactors/picker",
    "huggingface/blog",
}
# Resellers and API gateways: they sell access to others' models, and their pages date their own listing.
GATEWAY_HOSTS = {
    "openrouter.ai", "vercel.com", "runware.ai", "docs.laozhang.ai", "blog.laozhang.ai", "docs.apiyi.com",
    "docs.crazyrouter.com", "cometapi.com", "fireworks.ai", "siliconflow.com", "docs.venice.ai", "docs.clore.ai",
    "docs.oxen.ai", "juheapi.com", "clipia.ai",
}
# Every other site the record cites, each read on 2026-12-08: explainers, blogs, AI-written
# digests, wikis, newsletters, aggregators and news sites that docs/record/outlets.md does not
# list as press (a site is press there, not by the `press-` its id may carry). A host not here
# nor in a rule above is still taken as secondary, but listed, for someone to read.
SECONDARY_HOSTS = {
    "24-ai.news", "abisheklakandri.com", "actuia.com", "adwaitx.com", "agentictribune.com", "ai-beat.github.io",
    "ai-manual.ru", "ai-news.congero.com.au", "ai-primer.com", "ai-pulse-lab.com", "ai-tldr.dev",
    "ai.gadgetsxray.com", "aibase.com", "aidispatch.news", "aihola.com", "aihot.virxact.com", "aiinsiders.net",
    "ainews.qiaomu.ai", "ainewstrend.com", "aiobserver.co", "aiscientist.substack.com", "aitechsuite.com",
    "aitoolly.com", "aiwiki.ai", "allthings.how", "analyticsinsight.net", "angyao.net", "apidog.com",
    "app.actuia.com", "appse.io", "apxml.com", "asiaict.com", "awesomeagents.ai", "axbrief.com", "besthub.dev",
    "bhakthan.substack.com", "bitsminds.com", "blog.imseankim.com", "blokby.fr", "bluelightningtv.com",
    "boisclub.news", "centerconsulting.com", "chatforest.com", "chats-llm.com", "chatsmith.io", "chinanews.ai",
    "chooseai.net", "cjcn.com.cn", "codex.danielvaughan.com", "creati.ai", "datalearner.com", "datanorth.ai",
    "dev.to", "developer.aliyun.com", "devlery.com", "digest.allm.link", "digitalapplied.com", "dinq.me",
    "docs.sglang.io", "edge.aivizor.me", "egretsoft.com", "emergentmind.com", "en.wikipedia.org", "epium.com",
    "evermx.com", "exzilcalanza.info", "foxvector.com", "frontiernews.ai", "gen.qa", "glitchwire.com",
    "handyai.news", "hivebook.wiki", "htx.com", "hubwiz.com", "humanoidsdaily.com", "iagenerativas.blogspot.com",
    "inference.readthedocs.io", "insights.marvin-42.com", "jfeed.com", "karify98.site", "knightli.com",
    "koreatechdesk.com", "labellerr.com", "labnotes.tech", "learn-prompting.fr", "learnprompting.org",
    "linkedin.com", "lushbinary.com", "megaoneai.com", "mobileappdaily.com", "modelcards.net",
    "modelscope.csdn.net", "morningoverview.com", "mungomash.com", "neodrop.ai", "neosciencehub.com",
    "nerdleveltech.com", "news.800.works", "news.creeta.com", "news.warptechlab.com", "news.wondrbrix.com",
    "newsletter.devcowboy.com", "nexchron.com", "nextomoro.com", "omniscient.media", "orzazade.github.io",
    "paper-digest.app", "perplexityaimagazine.com", "pikaainews.com", "podcast.app", "promptsicle.com",
    "ragidi.com", "rainsnews.com", "readtrends.com", "recatools.com", "rits.shanghai.nyu.edu", "rivista.ai",
    "robotsatlas.com", "simonwillison.net", "simplenews.ai", "sipoch.com", "skywork.ai", "slowhifi.com",
    "software.informer.com", "superbash.ai", "techjacksolutions.com", "techjuice.pk", "the-ledger.net",
    "theaidude.net", "theaitrack.com", "thebridgechronicle.com", "thebridgeto.ai", "thecontext.dev",
    "thedailyscout.com", "thedayafterai.com", "theinformationmachine.fyi", "thenextgentechinsider.com",
    "thequantumdispatch.com", "tpsreport.news", "ts2.tech", "ujiyari.com", "umesh-malik.com", "venicestats.com",
    "verdent.ai", "www-web.itiger.com", "xugj520.cn", "zenn.dev", "zubnet.ai",
}
# Papers and technical reports, on arXiv or as the maker's own PDF or publication page.
PAPER_HOSTS = {"arxiv.org"}
PAPER_ID = re.compile(r"^(paper|report|arxiv|tech-report)(-|$)")
# Sources without an address, by id: each note or publisher says what it is.
NO_URL: dict[str, str] = {
    # The seed article: an unsigned Chinese news round-up (no outlet, no address)
    # that cites CNBC and the companies' announcements: a digest of others' reports.
    "article": "secondary",
    # MIT Technology Review's China Report newsletter, read in print form.
    "mittr": "press",
}


def _outlet_domains() -> set[str]:
    """Every press outlet's domains, from docs/record/outlets.md (the press rule)."""
    domains: set[str] = set()
    for line in OUTLETS_DOC.read_text(encoding="utf-8").splitlines():
        if match := OUTLET_ROW.match(line):
            domains |= {d.strip().strip("`") for d in match["domains"].split(",") if d.strip()}
    return domains


PRESS_DOMAINS = _outlet_domains()


def _on(host: str, domains: set[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


Rule = Callable[[str, str, str, dict[str, Any], list[str]], bool]  # (host, path, id, source, orgs)


def _repo(path: str) -> str:
    return "/".join(path.strip("/").split("/")[:2]).lower()


# (kind, rule, why), in order; the first that matches decides.
RULES: list[tuple[str, Rule, str]] = [
    ("database", lambda h, p, i, s, o: h == "github.com" and _repo(p) in DATABASE_REPOS,
     "a file of models.dev at a commit"),
    ("database", lambda h, p, i, s, o: _on(h, DATABASE_HOSTS), "Epoch AI's database"),
    ("vendor", lambda h, p, i, s, o: h == "github.com" and _repo(p) in FEED_ARCHIVES,
     "an archived item of the maker's own news feed"),
    ("secondary", lambda h, p, i, s, o: h == "github.com" and (_repo(p) in DIGEST_REPOS
                                                               or "/awesome" in "/" + _repo(p)),
     "a digest, reading notes or a curated list kept in a repository"),
    ("paper", lambda h, p, i, s, o: _on(h, PAPER_HOSTS), "arXiv"),
    ("paper", lambda h, p, i, s, o: bool(PAPER_ID.match(i)) and (
        _on(h, VENDOR_HOSTS) or h == "storage.googleapis.com"), "a maker's own paper or report"),
    ("vendor", lambda h, p, i, s, o: h == "huggingface.co" and p.startswith("/blog/")
     and "Hugging Face community" not in (s.get("publisher") or ""), "a maker's post on its Hugging Face blog"),
    ("secondary", lambda h, p, i, s, o: h == "huggingface.co" and p.startswith("/blog/"),
     "a community post on Hugging Face"),
    ("repository", lambda h, p, i, s, o: h in {"github.com", "huggingface.co"},
     "a repository, model card, commit, pull request or issue"),
    ("press", lambda h, p, i, s, o: _on(h, PRESS_DOMAINS), "an outlet of docs/record/outlets.md"),
    ("vendor", lambda h, p, i, s, o: any(h in CLOUDS.get(org, set()) for org in o),
     "the maker's own cloud documentation"),
    ("gateway", lambda h, p, i, s, o: h in ALL_CLOUDS, "a cloud's page for another maker's model"),
    ("gateway", lambda h, p, i, s, o: _on(h, GATEWAY_HOSTS) or "reseller" in (s.get("publisher") or ""),
     "a reseller or API gateway"),
    ("vendor", lambda h, p, i, s, o: _on(h, VENDOR_HOSTS), "the maker's own site"),
    ("vendor", lambda h, p, i, s, o: h == "x.com" and p.strip("/").split("/")[0].lower() in VENDOR_X_ACCOUNTS,
     "the maker's (or its leader's) account on X"),
    ("vendor", lambda h, p, i, s, o: not h and i not in NO_URL and bool(s.get("publisher")) and any(
        word in (s.get("publisher") or "") for word in ("OpenAI", "Google", "Meta", "xAI", "Black Forest Labs",
                                                        "Kuaishou")),
     "no address, published by the maker (its announcement, named by title)"),
    ("*", lambda h, p, i, s, o: not h and i in NO_URL, "no address: see NO_URL"),
    ("secondary", lambda h, p, i, s, o: h in SECONDARY_HOSTS, "a page of SECONDARY_HOSTS"),
]


def kind_of(source: dict[str, Any], orgs: list[str]) -> tuple[str, bool]:
    """The kind of one source, and whether a rule named it (False: the default)."""
    parts = urlsplit(str(source.get("url") or ""))
    host = (parts.hostname or "").removeprefix("www.")
    sid = str(source.get("id", ""))
    for kind, rule, _why in RULES:
        if rule(host, parts.path, sid, source, orgs):
            return (NO_URL[sid] if kind == "*" else kind), True
    return "secondary", False


ITEM = re.compile(r"^(?P<indent>\s*)- id:\s*(?P<id>\S+)\s*$")
KEY = re.compile(r"^(?P<id>[a-z0-9][a-z0-9-]*):\s*$")


def _has_kind(lines: list[str], start: int, indent: int) -> bool:
    """Whether the block of fields from `start` (at `indent`) already holds a kind."""
    for line in lines[start:]:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        width = len(line) - len(line.lstrip())
        if width < indent or (width == indent - 2 and line.lstrip().startswith("- ")):
            return False
        if width == indent and line.lstrip().startswith("kind:"):
            return True
    return False


def add_kinds(path: Path, defaulted: Counter[str], write: bool = True) -> list[str]:
    """Add the missing `kind:` lines to one file; the ids given a kind, with it."""
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    lines = text.splitlines(keepends=True)
    shared = path.name == "sources.yaml"
    by_id: dict[str, tuple[dict[str, Any], list[str]]]  # id -> (the source, the organisations it speaks of)
    if shared:
        by_id = {key: ({"id": key, **value}, []) for key, value in data.items()}
    elif path.name == "organizations.yaml":
        by_id = {f"{org}/{s['id']}": (s, [org]) for org, entry in data.items() for s in entry.get("sources") or []}
    else:
        orgs = [o if isinstance(o, str) else "" for o in data.get("organization") or []]
        by_id = {s["id"]: (s, orgs) for s in data.get("sources") or []}
    out: list[str] = []
    added: list[str] = []
    org = ""
    for n, line in enumerate(lines):
        out.append(line)
        if path.name == "organizations.yaml" and (top := KEY.match(line)):
            org = top["id"]
        match = KEY.match(line) if shared else ITEM.match(line)
        if not match:
            continue
        sid = match["id"].strip("'\"")
        key = f"{org}/{sid}" if path.name == "organizations.yaml" else sid
        if key not in by_id:
            continue
        indent = 2 if shared else len(match["indent"]) + 2
        if _has_kind(lines, n + 1, indent):
            continue
        source, orgs = by_id[key]
        kind, ruled = kind_of(source, orgs)
        if not ruled:
            defaulted[urlsplit(str(source.get("url") or "")).hostname or "(no address)"] += 1
        newline = "\r\n" if line.endswith("\r\n") else "\n"
        out.append(" " * indent + f"kind: {kind}{newline}")
        added.append(f"{sid}: {kind}")
    if added and write:
        tmp = path.with_suffix(".yaml.tmp")
        tmp.write_text("".join(out), encoding="utf-8")
        tmp.replace(path)
    return added


def main(argv: list[str]) -> int:
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    folder = Path(args[0]) if args else ROOT / "releases"
    defaulted: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    for path in sorted(folder.glob("*.yaml")):
        added = add_kinds(path, defaulted, write=not check)
        for item in added:
            kinds[item.rsplit(": ", 1)[1]] += 1
            if check:
                print(f"{path.name}: {item}")
    print("added: " + (", ".join(f"{k} {n}" for k, n in kinds.most_common()) or "none"), file=sys.stderr)
    if defaulted:
        print("taken as secondary (no rule names them): " + ", ".join(
            f"{h} ({n})" for h, n in defaulted.most_common()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The collection as feeds people subscribe to: Atom for a feed reader, iCalendar for a calendar.

- Atom (RFC 4287): one entry per release, newest first (the order `export`
  is given), its sources as links. Written with the standard library's
  ElementTree, which escapes every piece of text; data text is first passed
  through `clean`, since XML 1.0 cannot carry control characters at all, and
  what is written through `xml_safe`, which escapes any character XML cannot
  hold that reached it some other way (ElementTree writes U+FFFE as it is).
- iCalendar (RFC 5545), written by the `icalendar` library: one all-day
  event per release date and per dated event of a release. A date known to a
  window, a month or a year is an all-day span over all of it (DTEND is the
  day after, as the RFC says), and the description says how precise it is:
  a calendar must not show "2026-02" as the first of February.

An Atom entry needs a timestamp; a release has a day at best, so `updated`
is that day's (or the span's first day's) midnight UTC, and the entry's text
gives the date as the source does.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TextIO

from ai_tracker import __version__
from ai_tracker.model import countries
from ai_tracker.text import clean, web_link, xml_safe

if TYPE_CHECKING:
    from types import ModuleType

    import icalendar

    from ai_tracker.model.dates import FuzzyDate
    from ai_tracker.model.schema import Release

ATOM = "http://www.w3.org/2005/Atom"
FEED_ID = "urn:ai-tracker:releases"
PRODID = f"-//ai-tracker//ai-tracker {__version__}//EN"
DEFAULT_TITLE = "AI model releases"


def _midnight(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def release_text(release: Release) -> str:
    """One paragraph about a release, for an entry's summary or an event's description."""
    orgs = "; ".join(f"{o.name} ({', '.join(countries.name_of(c) for c in o.country)})"
                     for o in release.organization)
    text = f"{release.name}: {orgs}, released {release.released.date.describe()}."
    if release.summary:
        text += f" {release.summary.strip().rstrip('.')}."
    if release.categories:
        text += f" Categories: {', '.join(release.categories)}."
    return clean(text)


# --------------------------------------------------------------------------- Atom

def _sub(parent: ET.Element, tag: str, text: str | None = None, *, lines: bool = False, **attrs: str) -> ET.Element:
    """A child element; its text and attributes cleaned (lines=True keeps line breaks)."""
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: clean(v) for k, v in attrs.items()})
    if text is not None:
        element.text = clean(text, inline=not lines)
    return element


def write_atom(releases: Iterable[Release], out: TextIO, *, title: str = DEFAULT_TITLE,
               newest: dt.date | None = None) -> None:
    """An Atom feed: releases as entries, in the order given (newest first). newest: the
    feed's `updated` day, the latest `released.date.earliest` of them (worked out here
    when not given, which reads the releases twice).

    Written entry by entry, each as ElementTree writes it inside the whole feed (the
    same text): a tree of 100,000 entries took gigabytes."""
    if newest is None:
        releases = list(releases)
        newest = max((r.released.date.earliest for r in releases), default=dt.date(1970, 1, 1))
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "id", FEED_ID)
    _sub(feed, "title", title)
    _sub(feed, "updated", _midnight(newest))
    author = _sub(feed, "author")
    _sub(author, "name", "ai-tracker")
    _sub(feed, "generator", "ai-tracker", version=__version__)
    out.write('<?xml version="1.0" encoding="utf-8"?>\n')
    out.write(xml_safe(_text(feed)[:-len(_FEED_END)]))
    for release in releases:
        alone = ET.Element(f"{{{ATOM}}}feed")
        _entry(alone, release)
        out.write(xml_safe(_inside(alone)))
    out.write(_FEED_END + "\n")


_FEED_END = "\n</feed>"

CHANGES_ID = "urn:ai-tracker:changes"


def write_changes_atom(changes: Iterable[Any], out: TextIO, *, title: str = "AI model releases: corrections") -> None:
    """`changes --format atom`: each change an update made (added, removed, re-dated, changed)
    as an entry, newest first; a re-dated release says from which ISO week to which."""
    changes = list(changes)
    newest = max((dt.date.fromisoformat(c.day) for c in changes if c.day), default=dt.date(1970, 1, 1))
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "id", CHANGES_ID)
    _sub(feed, "title", title)
    _sub(feed, "updated", _midnight(newest))
    _sub(_sub(feed, "author"), "name", "ai-tracker")
    _sub(feed, "generator", "ai-tracker", version=__version__)
    for n, change in enumerate(changes):
        entry = _sub(feed, "entry")
        _sub(entry, "id", f"{CHANGES_ID}:{change.day}:{change.change}:{change.id}:{n}")
        _sub(entry, "title", f"{change.name}: {change.change}")
        _sub(entry, "updated", _midnight(dt.date.fromisoformat(change.day)))
        text = f"{change.name} ({change.id}) {change.change} by the update of {change.day} from {change.source}"
        if change.change == "re-dated":
            text += f": from {change.before} ({change.week_before}) to {change.released} ({change.week})"
        elif change.fields:
            text += f": {', '.join(change.fields)}"
        _sub(entry, "summary", text + ".")
    out.write('<?xml version="1.0" encoding="utf-8"?>\n')
    out.write(xml_safe(_text(feed)) + "\n")


def _text(feed: ET.Element) -> str:
    ET.indent(feed)
    text = ET.tostring(feed, encoding="unicode")
    assert text.endswith(_FEED_END)  # a feed with children: its last child's tail is "\n"
    return text


def _inside(feed: ET.Element) -> str:
    """The feed's children as text, indented as ElementTree indents them in the whole
    feed ("\n  <entry>...</entry>"), without the feed's own tags."""
    text = _text(feed)
    return text[text.index(">") + 1:-len(_FEED_END)]


def _entry(feed: ET.Element, release: Release) -> None:
    entry = _sub(feed, "entry")
    _sub(entry, "id", f"urn:ai-tracker:release:{release.id}")
    _sub(entry, "title", release.name)
    day = _midnight(release.released.date.earliest)
    _sub(entry, "published", day)
    _sub(entry, "updated", day)
    for org in release.organization:
        _sub(_sub(entry, "author"), "name", org.name)
    for category in release.categories:
        _sub(entry, "category", term=category)
    links = [(web_link(s.url), s.title) for s in release.sources]
    first = True
    for href, name in links:
        if href is None:
            continue
        # The first source is the entry's page; the rest are related links.
        _sub(entry, "link", href=href, rel="alternate" if first else "related", title=name)
        first = False
    lines = [release_text(release)]
    lines += [f"[{i}] " + ", ".join(clean(x) for x in (s.title, s.publisher, s.date and str(s.date), s.url) if x)
              for i, s in enumerate(release.sources, 1)]
    _sub(entry, "summary", release_text(release), type="text")
    _sub(entry, "content", "\n".join(lines), lines=True, type="text")


# --------------------------------------------------------------------------- iCalendar

def write_ics(releases: Iterable[Release], out: TextIO, *, title: str = DEFAULT_TITLE,
              now: dt.datetime | None = None) -> None:
    """An iCalendar file: an all-day event per release date and per dated event.

    Written event by event, each as the library writes it inside the calendar (the
    same text): a calendar of 100,000 events in memory took gigabytes."""
    import icalendar  # noqa: F811 - only `export --format ics` needs it (about 30 ms)

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", clean(title))
    stamp = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    head = calendar.to_ical().decode("utf-8")  # CRLF line ends, as RFC 5545 wants
    assert head.endswith(_CALENDAR_END)
    out.write(head[:-len(_CALENDAR_END)])
    for release in releases:
        url = next((u for u in (web_link(s.url) for s in release.sources) if u), None)
        out.write(_ical(_event(
            icalendar, uid=f"release-{release.id}@ai-tracker", stamp=stamp, date=release.released.date,
            summary=f"{release.name} released ({', '.join(release.org_names)})",
            description=release_text(release), url=url, categories=list(release.categories))))
        by_id = {s.id: s for s in release.sources}
        for n, event in enumerate(release.events, 1):
            source = by_id.get(event.source)
            description = f"{event.note} (about {release.name}, released {release.released.date.describe()})."
            if source is not None:
                description += f" Source: {clean(source.title)}" + (f", {clean(source.url)}" if source.url else "")
            out.write(_ical(_event(
                icalendar, uid=f"release-{release.id}-event-{n}@ai-tracker", stamp=stamp, date=event.date,
                summary=f"{release.name}: {event.kind}", description=description,
                url=web_link(source.url) if source else None, categories=[event.kind])))
    out.write(_CALENDAR_END)


_CALENDAR_END = "END:VCALENDAR\r\n"


def _ical(event: icalendar.Event) -> str:
    return event.to_ical().decode("utf-8")


def _event(lib: ModuleType, *, uid: str, stamp: dt.datetime, date: FuzzyDate, summary: str, description: str,
           url: str | None, categories: list[str]) -> icalendar.Event:
    event: icalendar.Event = lib.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", date.earliest)
    event.add("dtend", date.latest + dt.timedelta(days=1))  # all-day: DTEND is exclusive
    event.add("summary", clean(summary))
    precision = "" if date.precision == "day" else f" Date as the source gives it: {date.describe()}."
    event.add("description", clean(description) + precision)
    event.add("transp", "TRANSPARENT")  # a release does not make anyone busy
    if url:
        event.add("url", url)
    if categories:
        event.add("categories", [clean(c) for c in categories])
    return event

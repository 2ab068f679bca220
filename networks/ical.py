"""A small iCalendar (RFC 5545) writer for the feed of coming activities.

No calendar library is installed, and the feed needs only VEVENTs with a handful of properties, so
the few rules that matter are written out here: CRLF line endings, lines folded at 75 octets
(never inside a UTF-8 character), text values escaped, and times in UTC.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

CRLF = "\r\n"
MAX_OCTETS = 75
UID_DOMAIN = "klimaalliancen"


@dataclass(frozen=True)
class Event:
    """An event; given a date rather than a datetime, `starts_at` makes it an all-day event (a
    deadline), written as a DATE value with no time zone."""

    uid: str
    starts_at: dt.datetime | dt.date
    ends_at: dt.datetime | None
    summary: str
    location: str = ""
    url: str = ""
    description: str = ""


def escape_text(value: str) -> str:
    """TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma and newlines are escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets; continuation lines start with a
    space (which counts towards their 75)."""
    parts, current, size = [], "", 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > MAX_OCTETS:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += octets
    parts.append(current)
    return CRLF.join(parts)


def utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(events: Iterable[Event], *, name: str, now: dt.datetime) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Klimaalliancen i Hovedstadsregionen//Portal//DA",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{utc(now)}"]
        if isinstance(event.starts_at, dt.datetime):
            lines.append(f"DTSTART:{utc(event.starts_at)}")
        else:
            lines.append(f"DTSTART;VALUE=DATE:{event.starts_at:%Y%m%d}")
        if event.ends_at:
            lines.append(f"DTEND:{utc(event.ends_at)}")
        lines.append(f"SUMMARY:{escape_text(event.summary)}")
        if event.location:
            lines.append(f"LOCATION:{escape_text(event.location)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)

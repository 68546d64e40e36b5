"""Publication dates: parsed from metadata values, or found in a dateline at the start of the text.

Never invented: a date needs a day, a month and a year, must exist in the calendar and lie between
1900 and 2100. A dateline without a year ("KYIV, Sept 10 (Reuters) -") gives no date, because
guessing the year from today would silently misdate archived articles.

In the text only datelines count, not dates in the story: the date must open a line or follow a
label ("Published:", "Updated on"), a byline ("Posted by Jane Doe | ") or a capitalised place
("KYIV, "). "On 24 February 2022, Russia invaded" opens with a preposition: an event date, refused.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

import dateparser

TEXT_WINDOW = 300  # datelines sit at the very start of an article

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip


def _month(group: str) -> str:
    return (
        rf"(?P<{group}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
        r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
    )


_FULL_DATE = re.compile(
    "|".join(
        (
            r"\b(?P<iso>(?P<iy>\d{4})-(?P<im>\d\d)-(?P<id>\d\d))\b",
            r"\b(?P<dotted>(?P<dd>[0-3]?\d)\.(?P<dm>[01]?\d)\.(?P<dy>(?:19|20)\d\d))\b",
            # 10 September 2022, 10th of Sept. 2022
            r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?"
            + _month("month")
            + r",?\s+(?P<year>(?:19|20)\d\d)\b",
            # September 10, 2022
            r"\b" + _month("month2") + r"\s+(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?,?\s+"
            r"(?P<year2>(?:19|20)\d\d)\b",
        )
    ),
    re.IGNORECASE,
)

_LABEL = re.compile(
    r"(?:first\s+|last\s+)?(?:published|posted|updated|modified|dated?|released)(?:\s+(?:on|at))?"
    r"\s*[:\-–—|]?\s*$",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"(?i:(?:posted|written|published)\s+)?(?i:by)\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"
    r"\s*[|·•,—–-]\s*$"
)
_PREPOSITIONS = frozenset(
    ("on", "in", "since", "until", "till", "from", "after", "before", "by", "of", "to", "between",
     "and", "at", "during", "for", "as")
)  # fmt: skip
_PREFIX_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_PREFIX_NOISE = re.compile(r"[\s,|·•/()\-–—:]+")

_DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
}
_DATEPARSER_LANGUAGES = ["en", "uk", "ru", "de", "fr", "es", "it", "pl", "pt", "nl", "tr", "ar"]


def _make_date(year: int, month: int, day: int) -> date | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:  # Feb 30 and friends
        return None


def parse_metadata_date(value: str | None) -> date | None:
    """A metadata value ("2022-09-10", "2022-09-10T12:30:00+03:00", "Sat, 10 Sep 2022 09:30 GMT",
    "10 вересня 2022", "12.05.2023") as a date. The date is the one written, not converted to UTC:
    that is the publisher's calendar day. Dotted numeric dates are day first, as wherever they are
    written (Ukraine, Russia, most of Europe)."""
    if not value or not value.strip():
        return None
    value = value.strip()
    iso = re.match(r"(\d{4})-(\d\d)-(\d\d)(?:$|[T ]\d)", value)
    if iso:
        return _make_date(int(iso[1]), int(iso[2]), int(iso[3]))
    written = _FULL_DATE.fullmatch(value)
    if written:
        return _match_date(written)
    try:  # RFC 822, as in RSS, is common enough to deserve the fast path
        rfc822 = parsedate_to_datetime(value)
        return _make_date(rfc822.year, rfc822.month, rfc822.day)
    except (TypeError, ValueError, IndexError):
        pass
    if len(value) > 100:  # not a date; keep dateparser away from long strings
        return None
    parsed = dateparser.parse(value, languages=_DATEPARSER_LANGUAGES, settings=_DATEPARSER_SETTINGS)
    if not isinstance(parsed, datetime):
        return None
    return _make_date(parsed.year, parsed.month, parsed.day)


def _is_dateline_prefix(prefix: str) -> bool:
    """Whether the text before a date on its line makes the date a dateline (see module doc)."""
    if not prefix.strip() or _LABEL.search(prefix) or _BYLINE.match(prefix):
        return True
    words = _PREFIX_WORD.findall(prefix)
    if not words or len(words) > 6 or _PREFIX_NOISE.sub("", prefix) != "".join(words):
        return False
    return all(w[0].isupper() for w in words) and words[-1].lower() not in _PREPOSITIONS


def _match_date(m: re.Match[str]) -> date | None:
    if m["iso"]:
        return _make_date(int(m["iy"]), int(m["im"]), int(m["id"]))
    if m["dotted"]:
        return _make_date(int(m["dy"]), int(m["dm"]), int(m["dd"]))
    month = _MONTHS[(m["month"] or m["month2"])[:3].lower()]
    day, year = (m["day"], m["year"]) if m["day"] else (m["day2"], m["year2"])
    return _make_date(int(year), month, int(day))


def date_from_text(text: str) -> date | None:
    """The full date of a dateline in the first TEXT_WINDOW characters of ``text``, if any."""
    window = text[:TEXT_WINDOW]
    for m in _FULL_DATE.finditer(window):
        line_start = window.rfind("\n", 0, m.start()) + 1
        if _is_dateline_prefix(window[line_start : m.start()]):
            found = _match_date(m)
            if found:
                return found
    return None

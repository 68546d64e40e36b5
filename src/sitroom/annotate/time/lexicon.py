"""Word tables for temporal expressions: the grammar's vocabulary, kept as data."""

from __future__ import annotations

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
# Parts of the day, with their TimeML codes.
DAY_PARTS = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI",
    "overnight": "NI",
}  # fmt: skip

# Calendar units: TimeML duration letter, granularity, and whether the letter takes the "T" prefix.
UNITS = {
    "second": ("S", "time", True), "minute": ("M", "time", True), "hour": ("H", "time", True),
    "day": ("D", "day", False), "night": ("D", "day", False), "week": ("W", "week", False),
    "weekend": ("WE", "week", False), "fortnight": ("W", "week", False),
    "month": ("M", "month", False), "quarter": ("Q", "season", False),
    "season": ("M", "season", False), "year": ("Y", "year", False),
    "decade": ("Y", "year", False), "century": ("Y", "year", False),
}  # fmt: skip
# How many of the unit one word means ("a fortnight" is two weeks; "a season" about three months).
UNIT_FACTOR = {"fortnight": 2, "season": 3, "decade": 10, "century": 100}

# Words that shift a unit from the publication date: "last week" is -1 week.
SHIFTS = {
    "last": -1, "previous": -1, "past": -1, "preceding": -1, "next": 1, "coming": 1,
    "following": 1, "upcoming": 1, "this": 0, "current": 0, "present": 0, "same": 0, "latest": -1,
}  # fmt: skip
# Offsets from a date: "three days ago", "a year earlier", "two weeks later".
BACKWARD_WORDS = frozenset({"ago", "earlier", "before", "back", "previously"})
FORWARD_WORDS = frozenset({"later", "hence", "after", "from"})  # "two weeks from now"
# Words with a TimeML reference value or a fixed offset in days.
DEICTIC_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "overnight": 0}
REFERENCES = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "present": "PRESENT_REF", "current": "PRESENT_REF", "recently": "PAST_REF",
    "recent": "PAST_REF",
    "lately": "PAST_REF", "past": "PAST_REF", "previously": "PAST_REF", "formerly": "PAST_REF",
    "future": "FUTURE_REF", "soon": "FUTURE_REF", "shortly": "FUTURE_REF",
}  # fmt: skip
# Vague amounts that make a duration value an "X": "several days" -> PXD.
VAGUE = frozenset({"several", "few", "many", "some", "couple", "number"})
# "every day" / "daily": sets.
SET_ADVERBS = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y", "annually": "P1Y",
    "hourly": "PT1H", "nightly": "P1D", "quarterly": "P3M", "annual": "P1Y",
}  # fmt: skip
SET_WORDS = frozenset({"every", "each", "per"})
# Words that never belong inside a temporal expression although the NER tags them DATE.
NOT_TIME = frozenset({"old", "aged", "age", "ages", "older", "younger", "birthday", "anniversary"})
# Verbs whose complement lies ahead of the reported event: "plans ... in March".
FORWARD_VERBS = frozenset({
    "plan", "expect", "intend", "schedule", "aim", "hope", "threaten", "prepare", "promise",
    "vow", "pledge", "due", "set", "propose", "forecast", "predict", "anticipate", "scheduled",
    "payable", "until", "till",
})  # fmt: skip
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
# Words that may stand between a count and its unit: "five trading days", "two more weeks".
UNIT_PREMODIFIERS = frozenset({
    "trading", "business", "working", "more", "straight", "consecutive", "full", "calendar",
    "additional", "long",
})  # fmt: skip

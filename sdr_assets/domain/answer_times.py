"""When a suggested answer says it meets: the days, dates, times of day and timeframes it names, each
of which the prospect's reply must give.

A reply of "Tuesday afternoon?" gives a weekday and a part of the day, "sometime next week" a week;
an answer naming another weekday, a part of the day or an hour she did not, a date ("the 14th",
"the fourteenth", "11/21"), a day from today ("tomorrow", "this afternoon") or a week, month,
quarter or year ("next week", "next quarter") fixes what she never offered. Each is read as what it
means, in the languages we sell in, so "Dienstag" gives "Tuesday" and "15:00" gives "3pm". A
greeting ("Good morning") names no time.
"""

from __future__ import annotations

import re

from sdr_assets.domain.languages import plain_text
from sdr_assets.domain.lazy_patterns import LazyPattern

_WEEKDAYS = {
    "monday": 0, "montag": 0, "lundi": 0, "lunes": 0, "maandag": 0, "lunedi": 0, "segunda-feira": 0,
    "tuesday": 1, "dienstag": 1, "mardi": 1, "martes": 1, "dinsdag": 1, "martedi": 1, "terca-feira": 1,
    "wednesday": 2, "mittwoch": 2, "mercredi": 2, "miercoles": 2, "woensdag": 2, "mercoledi": 2, "quarta-feira": 2,
    "thursday": 3, "donnerstag": 3, "jeudi": 3, "jueves": 3, "donderdag": 3, "giovedi": 3, "quinta-feira": 3,
    "friday": 4, "freitag": 4, "vendredi": 4, "viernes": 4, "vrijdag": 4, "venerdi": 4, "sexta-feira": 4,
    "saturday": 5, "samstag": 5, "samedi": 5, "sabado": 5, "zaterdag": 5,
    "sunday": 6, "sonntag": 6, "dimanche": 6, "domingo": 6, "zondag": 6, "domenica": 6,
}
# Abbreviated with a capital before a time or a stop ("Tue 2pm", "Thu?"), never "Sat down" or "Mon équipe".
_SHORT_DAYS = {"Mon": 0, "Tue": 1, "Tues": 1, "Wed": 2, "Thu": 3, "Thur": 3, "Thurs": 3, "Fri": 4}
_PARTS = {"morning": "morning", "vormittag": "morning", "matin": "morning", "ochtend": "morning",
          "mattina": "morning", "afternoon": "afternoon", "nachmittag": "afternoon", "apres-midi": "afternoon",
          "middag": "afternoon", "pomeriggio": "afternoon", "evening": "evening", "abend": "evening",
          "soir": "evening", "avond": "evening", "tonight": "evening"}
_RELATIVE = {"today": "today", "heute": "today", "aujourd'hui": "today", "hoy": "today", "vandaag": "today",
             "oggi": "today", "hoje": "today", "tonight": "today", "tomorrow": "tomorrow", "morgen": "tomorrow",
             "demain": "tomorrow", "manana": "tomorrow", "domani": "tomorrow", "amanha": "tomorrow"}
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "januar|februar|marz|juni|juli|oktober|dezember|janvier|fevrier|mars|avril|mai|juin|juillet|aout|"
           "septembre|octobre|novembre|decembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|"
           "octubre|noviembre|diciembre")
_ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
             "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split()
_UNITS = ("week", "month", "quarter", "year", "woche", "monat", "quartal", "jahr", "semaine", "mois", "trimestre",
          "annee", "semana", "mes", "ano")

_WORD = LazyPattern(r"[a-z][a-z'-]*")
_SHORT_DAY = LazyPattern(r"(?<![\w-])(Mon|Tues?|Wed|Thu(?:rs?)?|Fri)\.?(?=[ \t]*(?:[,?!;]|$)|[ \t]+\d)")
# A time of the clock: "15:00", "3pm", "3 p.m.", "15 Uhr", "15h30", "at 3.", "noon".
_CLOCK = LazyPattern(
    r"(?<![\w:/.])(\d{1,2})(?:[:h](\d{2}))?[ \t]*(a\.?m\.?|p\.?m\.?|uhr|h)(?![a-z\d])|"
    r"(?<![\w:/.])(\d{1,2})[:.h](\d{2})(?![\d:/.]|\.\d)|"
    r"(?<![\w])(?:at|um|a las|alle|om|vers)[ \t]+(\d{1,2})(?=[ \t]*(?:[,.?!;]|$))|"
    r"(?<![\w])(noon|midday|mittag|midi|mediodia)(?![\w])")
# A date: "the 14th", "14.", "14 December", "December 14", "11/21", "2026-11-21", "the fourteenth".
_DATE = LazyPattern(
    rf"(?<![\w/.])(\d{{1,2}})(?:st|nd|rd|th|er|e|º)(?![\w])|"
    rf"(?<![\w/.])(\d{{1,2}})\.?(?:[ \t]+(?:de[ \t]+)?(?:{_MONTHS})(?![\w]))|"
    rf"(?<![\w])(?:{_MONTHS})[ \t]+(\d{{1,2}})(?![\d])|"
    rf"(?<![\w/.])\d{{1,2}}/(\d{{1,2}})(?:/\d{{2,4}})?(?![\w/])|"
    rf"(?<![\w/.])\d{{4}}-\d{{2}}-(\d{{2}})(?![\w])|"
    rf"(?<![\w])the[ \t]+((?:twenty|thirty)?-?(?:{'|'.join(_ORDINALS)})|thirtieth)(?=[ \t]*(?:[,.?!;]|$|of[ \t]))")
# A timeframe: "next week", "this month", "la semaine prochaine", "nächste Woche", "next quarter".
_FRAME = LazyPattern(
    rf"(?<![\w])(?:next|this|coming|following|nachste|diese[nrm]?|kommende[nrm]?|prochaine?|proxima|proximo|"
    rf"este|esta)[ \t]+({'|'.join(_UNITS)})(?![\w])|(?<![\w])(?:la|le|el)[ \t]+({'|'.join(_UNITS)})[ \t]+"
    rf"(?:prochaine?|que viene)(?![\w])|(?<![\w])end of (?:the )?(day|week|month|quarter|year)(?![\w])")
# A greeting names no part of the day: "Good morning", "Guten Morgen", "Bonsoir", "Buenas tardes".
_GREETING = LazyPattern(r"(?<![\w])(?:good|guten|buenas|buona)[ \t]+(?:morning|afternoon|evening|morgen|abend|"
                        r"tardes|noches|sera)(?![\w])")
_UNIT_OF = {"woche": "week", "semaine": "week", "semana": "week", "monat": "month", "mois": "month", "mes": "month",
            "quartal": "quarter", "trimestre": "quarter", "jahr": "year", "annee": "year", "ano": "year"}


def _hours(hour: int, minute: int, half: str | None) -> set[tuple[str, int, int]]:
    """The times of day an hour may mean: "3pm" one, "3" or "3:00" said without it also 15:00."""
    if half and half.startswith("p") and hour < 12:
        hour += 12
    elif half and half.startswith("a") and hour == 12:
        hour = 0
    times = {("clock", hour, minute)}
    if not half and 1 <= hour < 12:
        times.add(("clock", hour + 12, minute))
    return times


def _ordinal(word: str) -> int:
    """The day an ordinal in words names: "fourteenth" 14, "twenty-first" 21."""
    if word == "thirtieth":
        return 30
    tens = 20 if word.startswith("twenty") else 30 if word.startswith("thirty") else 0
    return tens + _ORDINALS.index(word.removeprefix("twenty").removeprefix("thirty").lstrip("-")) + 1


def times_named(text: str) -> list[tuple[str, set[tuple]]]:
    """Each day, date, time of day or timeframe ``text`` names, as written and as what it may mean."""
    plain = _GREETING.sub(" ", plain_text(text))
    found: list[tuple[str, set[tuple]]] = []
    for m in _WORD.finditer(plain):
        word = m.group()
        if word in _WEEKDAYS:
            found.append((word, {("day", _WEEKDAYS[word])}))
        if word in _PARTS:
            found.append((word, {("part", _PARTS[word])}))
        if word in _RELATIVE or (word == "this" and _WORD.match(plain, m.end() + 1)
                                 and _WORD.match(plain, m.end() + 1).group() in _PARTS):
            found.append((word, {("relative", _RELATIVE.get(word, "today"))}))
    found += [(m.group(), {("day", _SHORT_DAYS[m.group(1)])}) for m in _SHORT_DAY.finditer(text)]
    for m in _CLOCK.finditer(plain):
        if m.group(7):
            found.append((m.group(), {("clock", 12, 0)}))
            continue
        hour, minute = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(5)) if m.group(4) \
            else (m.group(6), None)
        half = m.group(3) if m.group(3) and m.group(3)[0] in "ap" else None
        if int(hour) < 24 and int(minute or 0) < 60:
            found.append((m.group(), _hours(int(hour), int(minute or 0), half)))
    for m in _DATE.finditer(plain):
        day = next((int(g) for g in m.groups()[:5] if g), None) if not m.group(6) else _ordinal(m.group(6))
        if day and day <= 31:
            found.append((m.group().strip(), {("date", day)}))
    for m in _FRAME.finditer(plain):
        unit = next(g for g in m.groups() if g)
        found.append((m.group(), {("frame", _UNIT_OF.get(unit, unit))}))
    return found


def unoffered_time_reasons(answer: str, reply: str) -> list[str]:
    """A reason for each day, date, time or timeframe ``answer`` names that ``reply`` does not give."""
    named = times_named(answer)
    if not named:
        return []
    given = set().union(*(meanings for _, meanings in times_named(reply)))
    return [f"fixes a time the reply did not give: {said!r}" for said, meanings in named if not meanings & given]

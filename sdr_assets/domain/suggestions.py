"""Suggested answers to escalated replies: grounded, and offering the team's booking link, never invented slots."""

from __future__ import annotations

import re

from sdr_assets.domain.answer_lines import LINES, line, reply_language
from sdr_assets.domain.answer_times import unoffered_time_reasons
from sdr_assets.domain.full_stops import with_full_stop
from sdr_assets.domain.languages import language_reasons, plain_text
from sdr_assets.domain.address_lines import Roles
from sdr_assets.domain.verifier import Bounds, grounding_reasons, offer_reasons, structural_reasons

# A suggested answer states nothing the reply or the research does not: no other customers, no
# timeframe or deadline the contact did not give, nothing promised that a person has not decided.
OBJECTION_LINES = {key: LINES["en"][key] for key in ("timing", "budget", "has_solution", "other")}


# A reply that names a day or a time proposes one: the answer takes it up rather than asking again.
PROPOSED_TIME = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|montag|dienstag|mittwoch|donnerstag|freitag|lundi|mardi|"
    r"mercredi|jeudi|vendredi|lunes|martes|miércoles|miercoles|jueves|viernes)\b|"
    r"\b\d{1,2}(:\d{2}|h\d{2}| ?[ap]\.?m\b)",
    re.IGNORECASE)
# A day named as when its writer is away, back or not free proposes nothing: "until Monday", "back on
# Monday", "not Friday", "bis Montag", "hasta el lunes".
NOT_PROPOSED = re.compile(r"\b(until|till|til|after|since|back|return|returning|away|off|out|travel+ing|not|except|"
                          r"bis|seit|jusqu|depuis|hasta|desde)\b[\s'’]*"
                          r"(?:(?:on|the|this|next|coming|in|at|office|work|au|el|zum)\s+)*$", re.IGNORECASE)
# A day or an hour in a clause that tells of the past proposes nothing either: "we discussed it on Monday",
# "I read your note last Friday", "onboarding was at 9am". A verb in -ed that also says what is to come
# ("booked", "scheduled", "interested"), or one after "as" ("Tuesday at 3pm as discussed"), tells of no past.
TOLD_OF_PAST = re.compile(
    r"\b(?:last|ago|yesterday|earlier|did|was|were|had|met|saw|went|came|told|said|spoke|sent|wrote|took|made|"
    r"began|held|read your|(?<!\bas )(?!(?:interested|based|booked|scheduled|suggested|proposed|blocked|reserved|planned|"
    r"needed|related|dedicated|automated|used)\b)[a-z]+[a-df-z]ed)\b", re.IGNORECASE)
CLAUSE_BREAK = re.compile(r"[.!?;:,\n]|\b(?:and|but|where|so|because|which)\b", re.IGNORECASE)
# An objection of timing that says when to come back: "in Q2", "next year", "in 3 months", "in April",
# "after the summer", "im Januar", "l'année prochaine". A month or a season is one only after a word that sets
# a time by it ("in April", "early June", "en avril"; "May" after one that leaves it no verb, "in May"): alone it
# is a name ("Best, April") or a thing of hers ("our summer launch"). The answer takes it up rather than asking when.
_SEASONS_AND_MONTHS = (
    r"(?:spring|summer|autumn|winter|new year|january|february|march|april|june|july|august|september|"
    r"october|november|december|januar|februar|marz|juni|juli|oktober|dezember|janvier|fevrier|mars|avril|mai|"
    r"juin|juillet|aout|septembre|octobre|novembre|decembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
    r"septiembre|octubre|noviembre|diciembre)")
_SETS_A_TIME = (r"(?:in|after|around|by|from|until|till|before|early|mid|late|end of|beginning of|next|this|over|"
                r"im|ab|nach|anfang|mitte|ende|en|dans|apres|fin|debut|despues de|a partir de|hacia|para|a finales de|"
                r"a principios de|a mediados de)")
GIVES_A_TIME = re.compile(
    r"\b(?:q[1-4]|h[12]|(?:next|nachste[snm]?|proximo|proxima) (?:week|month|quarter|year|woche|monat|quartal|jahr|"
    r"semana|mes|ano)|(?:annee|semaine|mois|trimestre) prochaine?|(?:ano|mes) que viene|in (?:a|one|two|three|"
    r"four|five|six|a few|a couple of|\d{1,2}) (?:weeks?|months?)|after the (?:summer|holidays?|new year)|"
    rf"{_SETS_A_TIME}[\s-]+(?:the\s+)?{_SEASONS_AND_MONTHS}|(?:in|by|until|from|after|early|mid|late)[\s-]+may)\b",
    re.IGNORECASE)
# A reply that asks for material first: the answer says it will come, then the meeting.
ASKS_MATERIAL = re.compile(r"\b(deck|slides|one-pager|brochure|case stud(y|ies)|(more|some) (info|information|"
                           r"details)|unterlagen|informationen|documentation|presentation|praesentation|"
                           r"documentacion|presentacion|informacion)\b", re.IGNORECASE)


def interested_line(booking_url: str, reply: str, language: str = "en") -> str:
    """What an answer to interest offers: the time the reply proposed, the material it asked for, or a time."""
    if proposes_time(reply or ""):
        return line(language, "proposed")
    if ASKS_MATERIAL.search(plain_text(reply or "")):
        return f"{line(language, 'material')} {meeting_line(booking_url, language)}"
    return meeting_line(booking_url, language)


def proposes_time(reply: str) -> bool:
    """Whether the reply names a day or a time other than as when its writer is away, back or not free, or
    as when something happened."""
    return any(not NOT_PROPOSED.search(reply[max(0, m.start() - 30):m.start()])
               and not TOLD_OF_PAST.search(_clause(reply, m.start(), m.end())) for m in PROPOSED_TIME.finditer(reply))


def gives_a_time(reply: str) -> bool:
    """Whether the reply says when to come back, other than as when something happened ("we just closed Q4")."""
    return any(not TOLD_OF_PAST.search(_clause(reply, m.start(), m.end())) for m in GIVES_A_TIME.finditer(reply))


def _clause(text: str, start: int, end: int) -> str:
    """The clause of ``text`` that holds ``text[start:end]``: cut at a sign or a joining word."""
    opens = max((m.end() for m in CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    closes = CLAUSE_BREAK.search(text, end)
    return text[opens:closes.start() if closes else len(text)]


def meeting_line(booking_url: str, language: str = "en") -> str:
    if booking_url:
        return line(language, "booking", url=booking_url)
    return line(language, "times")


def introduction_line(referral: str | None, language: str = "en") -> str:
    """What an answer to a reply that points elsewhere asks: an introduction, or leave to reach out."""
    to = line(language, "to", referral=referral) if referral else line(language, "colleague")
    return line(language, "introduction", to=to)


def offline_suggestion(label: str, sub_reason: str | None, first_name: str, referral: str | None,
                       booking_url: str = "", reply: str = "") -> str:
    """The answer to an escalated ``reply`` (its visible text) by its label, asserting nothing new, in the
    reply's language (``answer_lines``)."""
    language = reply_language(reply)
    name = first_name or ("there" if language == "en" else "")
    if label == "interested":
        return f"{line(language, 'interested', name)} {interested_line(booking_url, reply, language)}"
    if label == "question":
        return f"{with_full_stop(line(language, 'question', name))} {line(language, 'question_rest')}"
    if label == "objection":
        reason = sub_reason if sub_reason in OBJECTION_LINES else "other"
        if reason == "timing" and gives_a_time(plain_text(reply or "")):
            reason = "timing_given"
        return f"{line(language, 'objection', name)} {line(language, reason)}"
    if label == "wrong_person":
        return f"{line(language, 'helps', name)} {introduction_line(referral, language)}"
    if label == "not_interested" and referral:  # "not for us, but try maria@...": no pitch, the pointer
        return f"{line(language, 'understood', name)} {introduction_line(referral, language)}"
    if label == "not_interested":  # a decline, perhaps of interest shown before: no pitch, no promise
        return line(language, "declined", name)
    return line(language, "follow_up", name)


# "I'll remove you from our list", "we won't contact you again": a stop of our mail is the opt-out's to
# record, for every play; a decline is not one, so an answer promising it promises what no one decided.
STOP_PROMISE = re.compile(
    r"\b(?:i|we)(?:'ll|’ll|'ve|’ve| will| shall| have| am going to| are going to| won't| won’t| will not)\s+"
    r"(?:(?:now|also|just|already|gone ahead and)\s+)?"
    r"(?:(?:remove|removed|take|taken|took|drop|dropped|unsubscribe|unsubscribed)\b[^.!?\n]{0,30}"
    r"\b(?:lists?|mailing|e-?mails?|outreach|sequences?|database|cadence)\b|"
    r"(?:stop|stopped|not|never)\s+(?:\w+\s+){0,2}?(?:e-?mail|mail|contact|reach|writ|send|messag)\w*|"
    r"(?:e-?mail|contact|write to|mail|message) you (?:again|any ?more))",
    re.IGNORECASE)
# The same promise said of her or of our mail: "you won't receive further emails", "this will be my last
# email", "you've been unsubscribed", "no more emails from me", "I'll pause all outreach to you".
STOP_SAID = re.compile(
    r"\b(?:don't|don’t|do not|won't|won’t|will not|never)\s+(?:\w+\s+){0,2}?(?:receive|get|hear)\b[^.!?\n]{0,20}?"
    r"\b(?:e-?mails?|messages?|mail|outreach|from (?:us|me))\b|"
    r"\b(?:you(?:'ve|’ve| have)? been|you're|you’re|you are|consider yourself)\s+(?:now\s+)?"
    r"(?:removed|unsubscribed|taken off|opted out)\b|"
    r"\bno (?:more|further) (?:e-?mails?|messages?|mail|outreach|follow-?ups?)\b|"
    r"\b(?:this|that|it)(?: will be| is|'s|’s| was)\s+(?:my|our)\s+(?:last|final)\s+"
    r"(?:e-?mail|message|note|follow-?up)|"
    r"\b(?:pause|paused|stop|stopped|end|ended|halt|cancel|cancelled)\s+(?:(?:all|any|our|my|further|the)\s+)*"
    r"(?:outreach|e-?mails|messages|follow-?ups|sequences?|cadence)\b|"
    r"\bdo[ -]not[ -]contact\b|\b(?:leave|let) you (?:in peace|alone|be)\b|\btake you off\b",
    re.IGNORECASE)


def suggestion_reasons(text: str, grounds: str, booking_url: str, mode: str, reply: str = "",
                       roles: Roles | None = None) -> list[str]:
    """Why a model's suggested answer cannot be offered: ungrounded claims, terms or customers, stray
    links or slots, a day, date or time that ``reply`` (the message it answers) did not give, a promise
    to stop our mail, a sentence in a language other than English, which these checks do not read, and
    (given ``roles``) a greeting of anyone but the writer or a signature of anyone but the sender."""
    bounds = Bounds(min_words=3, max_words=150, allowed_links=(booking_url,) if booking_url else ())
    reasons = structural_reasons("suggestion", text, first_touch=False, bounds=bounds, grounds=grounds, roles=roles)
    promise = STOP_PROMISE.search(text) or STOP_SAID.search(text)
    stops = [f"promises to stop our mail, which an opt-out records: {promise.group(0)!r}"] if promise else []
    reasons += unoffered_time_reasons(text, reply) + language_reasons(_without_names(text, roles), "")
    return reasons + grounding_reasons(text, grounds, mode) + offer_reasons(text, grounds, mode) + stops


def _without_names(text: str, roles: Roles | None) -> str:
    """``text`` without the facts' values (our sender "Luis de la Cruz", "Banco de la Plaza"), whose lower-case
    particles read as words of another language; the thread is no grounds here, so no language it holds is let
    through."""
    for value in sorted((v for v in (roles.facts if roles else ()) if v and " " in v), key=len, reverse=True):
        text = text.replace(value, " ")
    return text

"""Whom a claim is about: a draft says of the contact, the company or a named person only what the
facts say of them.

The claim check finds a claim's words somewhere in the grounds ("joined" in "a new VP Marketing
just joined"); this one reads whom a draft says it of. Research states a new role of the person a
leadership signal names (``person``, ``new_role``), a round of the account's company (``round``,
``amount``) with its investors beside it (``lead_investor``, ``investors``), a role the company
hires for (``role``) and the contact's own title (``title``). So a new role said of the contact
(by the sentence's structure, ``new_roles.py``: "you just joined", "since you took over",
"welcome aboard", "in your first 90 days", "Dana was appointed") or of the sender needs the person
the signal names to be them; a round said of an investor by any verb of raising ("Index Ventures
raised", "Index Ventures secured a Series B", "Index Ventures' Series B") or of the company with
no round in its facts ("your Series B", "congrats on closing the round", where the template names
another company's) is a reason; and a title said of the contact ("as Head of Revenue Operations,
you", "in your capacity as Head of ...", "you, as Head of ...", "you're the new Head of ...") must
be the contact's own. The approved template saying the same of the same one grounds it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from sdr_assets.domain.address_lines import Roles
from sdr_assets.domain.cues import Cues
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.new_hires import hire_claim_reasons
from sdr_assets.domain.name_slots import NOT_AFTER_LETTER, find_names, slot
from sdr_assets.domain.named_titles import named_title_reasons
from sdr_assets.domain.new_roles import AT_COMPANY, AT_COMPANY_LEADS, NAMED_NEW_ROLE, SOON, said_of_named, you_new_roles
from sdr_assets.domain.other_rounds import OF_MONEY
from sdr_assets.domain.own_template import own_template
from sdr_assets.domain.promotions import CONGRATS_LEADS, CONGRATS_ON_MOVE, promotions_of_you

# "A round" is one of funding unless it is of something else ("the first round of interviews").
_ROUND = (r"(?:\$?[\d.,]+[ \t]?[kmb]?[ \t]+)?(?:series[ \t]+[a-k]|seed[ \t]+round|round(?![ \t]+of[ \t]+(?!"
          rf"(?:(?:the|a|an|its|your|their)[ \t]+)?(?:{OF_MONEY})))|raise|funding|financing)\b")
# A verb of raising, then the round: "raised", "secured a $25M Series B", "closed its round".
_RAISING = (r"(?:secur|clos|land|announc|complet|bank|bagg)(?:ed|ing)|picked[ \t]+up|pulled[ \t]+in|took[ \t]+in")
_A_ROUND = rf"(?:(?:a|an|its|their|the|your)[ \t]+)?(?:(?:big|new|fresh|latest|first)[ \t]+)?{_ROUND}"
_RAISED = rf"{SOON}(?:raised\b|(?:{_RAISING})[ \t]+{_A_ROUND})"
_YOU_RAISED = LazyPattern(rf"\byou(?:'ve|[ \t]+have)?[ \t]+{_RAISED}|\byour[ \t]+{_ROUND}"
                         rf"|\b(?:congrat(?:s|ulations)|kudos)[ \t]+on[ \t]+"
                         rf"(?:raising\b|(?:{_RAISING})[ \t]+{_A_ROUND})")
# A word every round and every verb of raising above holds: a text without one says no one raised.
_ROUND_WORDS = Cues(("rais", "series", "round", "funding", "financing"))
# The fields that name a title: the contact's own, and the ones a signal gives of someone else.
_TITLE_FIELDS = ("title", "role", "new_role", "signal_title")

_ARTICLE = (r"(?:the|a|an|our|their)[ \t]+", r"new[ \t]+")
# A word every phrase of ``AT_COMPANY`` holds: a text without one welcomes no one to the company.
_JOINED_WORDS = Cues(("welcome", "start", "joining", "move"))
# A person's name (in full, or either part) before a verb of a new role.
_NAMED = (slot(NOT_AFTER_LETTER, NAMED_NEW_ROLE),)
# The company's name after a welcome to it or a start at it.
_JOINED = (slot(AT_COMPANY, r"(?![^\W\d_])", leads=AT_COMPANY_LEADS),
           slot(CONGRATS_ON_MOVE, r"(?![^\W\d_])", leads=CONGRATS_LEADS))
# A company or investor said to have raised, or whose round it is.
_RAISERS = (slot(NOT_AFTER_LETTER, rf"(?:(?:'s|'|[ \t]+has)?[ \t]+{_RAISED}|(?:'s|')[ \t]+{_ROUND})"),
            slot(r"\bcongrat(?:s|ulations)[ \t]+to[ \t]+",
                 rf"[ \t]+on[ \t]+(?:(?:raising|{_RAISING})[ \t]+)?(?:their|its)[ \t]+{_ROUND}", leads=("congrat",)))
# A title said of "you": "as Head of X, you", "your role as Head of X", "in your capacity as Head of X",
# "you, as Head of X", "you're the new Head of X"; after "as Head of X at Acme" only with a comma
# ("as Head of X at Acme grows and you add reps" gives no one a title), and not where the company
# does something before it ("as Head of X at Acme grows, you": ``_gives_title``).
_TITLES = (slot(r"\bas[ \t]+", r"(?:[ \t]+at[ \t]+(?P<at>(?:(?!you\b)[^,\n])+),|,?)[ \t]*you\b", _ARTICLE, ("as",)),
           slot(r"\byour[ \t]+(?:role|position|job|seat|post|title|capacity)[ \t]+as[ \t]+", r"(?![^\W\d_])", _ARTICLE,
                ("your",)),
           slot(r"\byou(?:,[ \t]*|[ \t]+(?:serve|work|act)[ \t]+)as[ \t]+", r"(?![^\W\d_])", _ARTICLE, ("you",)),
           slot(r"\byou(?:'re|[ \t]+are)[ \t]+", r"(?![^\W\d_])", (r"now[ \t]+", *_ARTICLE), ("you",)))


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[^\W\d_]+", text.casefold()))


def _people(roles: Roles) -> tuple[tuple[str, str], ...]:
    """(who, full name) for the contact, the sender and the person a signal names."""
    return tuple((who, name) for who, name in (("contact", roles.contact), ("sender", roles.sender),
                                               ("person", roles.value("person"))) if name)


def _new_roles(text: str, roles: Roles) -> Iterator[tuple[str, str]]:
    """(who, verb) for each new role ``text`` says of someone: "contact", or a person's full name."""
    for verb in (*you_new_roles(text), *promotions_of_you(text)):
        yield "contact", verb
    if _JOINED_WORDS.any_in(text):
        for _ in find_names(_JOINED, (roles.value("company_name"),), text):
            yield "contact", "joined"
    people = _people(roles)
    for name, tail in find_names(_NAMED, (n for _, full in people for n in (full, *full.split())), text):
        said = _words(name)
        who, full = next((who, full) for who, full in people if said <= _words(full))
        yield "contact" if who == "contact" else full, said_of_named(tail[1] or tail[2])


def _is_person(name: str, roles: Roles) -> bool:
    """Whether ``name`` is the person the signal names (both given in full, or one the other's part)."""
    person, said = _words(roles.value("person")), _words(name)
    return bool(person and said) and (said <= person or person <= said)


def _new_role_reasons(text: str, grounds: str, roles: Roles) -> list[str]:
    contact_first = roles.value("first_name") or roles.contact or "the contact"
    person, new_role = roles.value("person"), roles.value("new_role") or roles.value("signal_title")
    said = list(_new_roles(text, roles))
    if not said:  # the grounds are read only for what the text says
        return []
    known = _known_new_roles(grounds, roles)
    reasons = []
    for who, verb in said:
        name = roles.contact if who == "contact" else who
        if who in known or (name and _is_person(name, roles)):
            continue
        shown = contact_first if who == "contact" else who
        facts = (f"{person} joined" if person else f"a new {new_role} joined" if new_role else "no one did")
        reasons.append(f"says {shown} {verb}; the facts say {facts}")
    return reasons


def _round_reasons(text: str, grounds: str, roles: Roles) -> list[str]:
    if not _ROUND_WORDS.any_in(text):
        return []
    company = roles.value("company_name")
    investors = tuple(i.strip() for f in ("lead_investor", "investors") for i in roles.value(f).split(",") if i.strip())
    others = (*investors, *(full for _, full in _people(roles)))
    parties = (company, *others)
    said = [name for name, _ in find_names(_RAISERS, parties, text)]
    if _YOU_RAISED.search(text):
        said.append((company or "you").casefold())
    if not said:
        return []
    raisers, you_raised = _known_raisers(grounds, parties)
    known = set(raisers)
    funded = bool(roles.value("round") or roles.value("amount"))
    account = {company.casefold(), "you"}
    if funded or you_raised:
        known |= account
    reasons = []
    for who in dict.fromkeys(said):
        if who in known:
            continue
        shown = next((o for o in (company, *others) if o.casefold() == who), who)
        if who in account:
            reasons.append(f"says {shown} raised; the facts give {company or 'the company'} no round")
        else:
            reasons.append(f"says {shown} raised; the facts say {company or 'the company'} raised"
                           if funded else f"says {shown} raised; the facts give no round of theirs")
    return reasons


def _gives_title(tail: re.Match[str], company: str) -> bool:
    """Whether a title found before ``tail`` is the contact's: not where the company's name, after
    "at", has more words before the comma, its verb ("at Acme grows, you")."""
    at = (tail.groupdict().get("at") or "").strip()
    return not (company and at.startswith(company) and at[len(company):len(company) + 1] in (" ", "\t"))


def _titles(text: str, titles: tuple[str, ...], company: str) -> list[str]:
    return [title for title, tail in find_names(_TITLES, titles, text) if _gives_title(tail, company)]


def _title_reasons(text: str, grounds: str, roles: Roles) -> list[str]:
    own, company = roles.value("title"), roles.value("company_name").casefold()
    titles = tuple(roles.value(f) for f in _TITLE_FIELDS)
    said = _titles(text, titles, company)
    if not said:
        return []
    known = set(_known_titles(grounds, titles, company))
    if _is_person(roles.contact, roles):
        known |= {roles.value("new_role").casefold(), roles.value("signal_title").casefold()}
    contact = roles.value("first_name") or roles.contact or "the contact"
    reasons = []
    for title in said:
        if title == own.casefold() or title in known:
            continue
        shown = next(roles.value(f) for f in _TITLE_FIELDS if roles.value(f).casefold() == title)
        reasons.append(f"says {contact} is {shown}; the facts say {contact} is {own}" if own
                       else f"says {contact} is {shown}; the facts give {contact} no title")
    return reasons


# What the grounds say of whom, worked out once for each: a draft's grounds are read for the model's
# text and again for the template's.
@lru_cache(maxsize=64)
def _known_new_roles(grounds: str, roles: Roles) -> frozenset[str]:
    return frozenset(who for who, _ in _new_roles(grounds, roles))


@lru_cache(maxsize=64)
def _known_raisers(grounds: str, parties: tuple[str, ...]) -> tuple[frozenset[str], bool]:
    """The parties ``grounds`` say raised, and whether they say "you" did."""
    return frozenset(name for name, _ in find_names(_RAISERS, parties, grounds)), _YOU_RAISED.search(grounds) is not None


@lru_cache(maxsize=64)
def _known_titles(grounds: str, titles: tuple[str, ...], company: str) -> tuple[str, ...]:
    return tuple(_titles(grounds, titles, company))


def claim_subject_reasons(text: str, grounds: str, roles: Roles | None) -> list[str]:
    """A reason for each new role, round or title ``text`` (folded) says of someone the facts and the
    approved template (``grounds``) do not say it of; none without ``roles``.

    Grounds that open with the whole text (the approved template as filled, verified as its own draft)
    say each claim of it of the same one, and are not read: no pattern here reads across a line break,
    so the grounds' first lines read as the text does, unless a name of the facts holds a line break.
    """
    if roles is None or not roles.fields:
        return []
    lower, known = text.lower(), grounds.lower()
    if own_template(lower, known, roles):
        return []
    return said_not_grounded(lower, known, roles)


def said_not_grounded(lower: str, known: str, roles: Roles) -> list[str]:
    """The reasons of ``claim_subject_reasons``, ``lower`` and ``known`` read whole."""
    return [*_new_role_reasons(lower, known, roles), *_round_reasons(lower, known, roles),
            *_title_reasons(lower, known, roles), *named_title_reasons(lower, known, roles),
            *hire_claim_reasons(lower, known, roles)]

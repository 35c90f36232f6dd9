"""A technology called live or its move done: "Now that Snowflake is live across the company", "Your
move to Snowflake is complete", "Since you moved off your old warehouse", "Northwind Freight is fully
on Snowflake now".

A signal of adoption tells that a team is taking a technology up, and a company's stack that it uses
one; neither tells that the move is finished, the technology live for everyone or the old system
gone. A sentence says so where it calls something live, up and running or rolled out to a team, a
migration, move or rollout complete or finished, an old or legacy system retired, switched off,
moved off or replaced, or the prospect fully on a technology, and the sentence names a technology of
the facts or the move itself ("migration", "warehouse", "the old database"): "GridSense is live"
tells of a launch. Nothing is stated in a question, after a word of condition or time ("once
Snowflake is live", "until the old warehouse is retired"), of teams in general or by us. It is
stopped unless the grounds state the same words outside such a condition.

Nor does research tell that the prospect is leaving a technology: a clause that names one of the facts and
says it is being replaced, moved off, migrated from, phased out, sunset, outgrown or on its way out, or the
prospect consolidating onto one ("since you're replacing Redshift with Snowflake", "as you move off
Redshift"), churning off or leaving it behind, or that it no longer fits or works for them ("Redshift no
longer fits", "since HubSpot isn't working for you"), is stopped too; so is one that says they implement,
upgrade or renew one ("since you just renewed Salesforce", "your Salesforce renewal") unless the facts say
they are adopting it, unless a negation or condition before it ("nothing here means replacing Redshift",
"no one has to leave Salesforce behind"; "whatever your Salesforce renewal date" of a renewal only), a
negation after it in its clause, or we as its subject, say no move of theirs; nor does a technology's own
upgrade or renewals ("Salesforce upgrades don't break it"). How they feel about one ("your team loves
Salesforce", "you're frustrated with HubSpot") is stopped the same way.
"""

from __future__ import annotations

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.said_outright import clause_end, clause_start, not_stated_after, statements

_B = r"[ \t]+"
_DONE = LazyPattern(
    rf"(?i)(?<![^\W\d_])(?:(?:is|are|['’]s|was|were|went|gone|now|fully|been){_B}live|up{_B}and{_B}running"
    rf"|rolled{_B}out{_B}(?:to|across)|(?:is|are|['’]s|was|were|now){_B}(?:complete|completed|done|finished)"
    rf"|(?:finished|completed|wrapped{_B}up){_B}(?:the|your|its|their){_B}(?:migration|move|switch|rollout)"
    rf"|(?:retired|decommissioned|switched{_B}off|turned{_B}off|shut{_B}down|sunset|moved{_B}off|migrated{_B}off"
    rf"|replaced|ditched|dropped){_B}(?:the|your|its|their){_B}(?:old|legacy|previous)"
    rf"|fully{_B}(?:on|migrated|moved)|all{_B}in{_B}on)(?![^\W\d_])")
# A text holding none of these holds no stage called done: each is a part of one of them.
_CUES = Cues(("live", "running", "rolled out", "complete", "done", "finished", "wrapped up", "retired",
              "decommission", "switched off", "turned off", "shut down", "sunset", "moved off", "migrated off",
              "replaced", "ditched", "dropped", "fully", "all in on"))
_MOVE = LazyPattern(r"(?i)(?<![^\W\d_])(?:migration|move|switch|switchover|cutover|rollout|roll-out|warehouse"
                    r"|database|stack|crm|platform|old|legacy)(?![^\W\d_])")
# Words before the stage that make it a question, a condition, a time to come, teams in general or ours.
_NOT_STATED = not_stated_after("after", "before", "as soon as", "by the time", "(?:teams|companies) (?:that|who)",
                               "often", "usually", "typically", "will", "would", "could", "can", "might", "may",
                               "should", "we", "our", "us")


def _stated_stages(text: str, techs: tuple[str, ...]) -> list[tuple[str, str]]:
    """Each stage called done in ``text``, stated outside a question or condition, with its sentence."""
    stages = []
    for sentence in statements(text):
        names_move = _MOVE.search(sentence) or any(t in sentence.lower() for t in techs)
        for stage in _DONE.finditer(sentence) if names_move else ():
            if not _NOT_STATED.search(sentence, 0, stage.start()):
                stages.append((" ".join(stage.group().lower().split()), sentence))
                break
    return stages


# Taking one up anew or again: grounded for the technology the facts say they are adopting.
_TAKING_UP = r"implement(?:s|ed|ing)?|upgrad(?:e|es|ed|ing)|renew(?:s|ed|ing|als?)?|re-?platform(?:s|ed|ing)?"
_TAKING_UP_ONLY = LazyPattern(rf"(?i)(?:{_TAKING_UP})\Z")
_LEAVING = LazyPattern(
    rf"(?i)(?<![^\W\d_])(?:replac(?:e|es|ed|ing)|sunset(?:s|ting)?|deprecat(?:e|es|ed|ing)|outgr(?:ow|ows|ew|own|owing)"
    rf"|phas(?:e|es|ed|ing){_B}out|(?:rip|swap)(?:s|ped|ping)?{_B}out|(?:getting|got){_B}(?:rid{_B}of|off)"
    rf"|(?:mov|migrat|transition)(?:e|es|ed|ing|s)?{_B}(?:off|away{_B}from|from)"
    rf"|switch(?:es|ed|ing)?{_B}(?:off|away{_B}from|from)|consolidat(?:e|es|ed|ing){_B}(?:on|onto)"
    rf"|standardi[sz](?:e|es|ed|ing){_B}on|on{_B}(?:its|the){_B}way{_B}out|churn(?:s|ed|ing)?{_B}(?:off|from)"
    rf"|(?:leav(?:e|es|ing)|left)(?={_B}(?:[^\W\d_]+{_B}){{1,3}}behind(?![^\W\d_]))"
    rf"|no{_B}longer{_B}(?:fits?|works?|scales?|cuts{_B}it|serves)"
    rf"|(?:isn['’]t|is{_B}not|aren['’]t|are{_B}not|wasn['’]t)(?:{_B}really)?{_B}(?:working|cutting{_B}it|scaling)"
    rf"|(?:doesn['’]t|does{_B}not)(?:{_B}really)?{_B}(?:work|fit|scale){_B}for"
    rf"|{_TAKING_UP})(?![^\W\d_])")
_LEAVING_CUES = Cues(("replac", "sunset", "deprecat", "outgr", "phas", " out", "rid of", "got off", "getting off",
                      "off", "from", "consolidat", "standardi", "behind", "longer", "n't", " not ", "implement",
                      "upgrad", "renew"))
# Words before a move that say no move of theirs: a negation, a condition, a time to come, teams in
# general; and a subject of ours right before it ("we replace", "our tables replace").
_NO_MOVE = not_stated_after("without", "instead of", "no need", "not", "never", "nothing", "none", "no one", "nobody",
                            "don't", "doesn't",
                            "won't",
                            "isn't", "aren't", "(?:teams|companies) (?:that|who)", "often", "usually", "typically",
                            "will", "would", "could", "might", "may", "should", "can")
# Words before a renewal that leave its date open ("whatever your Salesforce renewal date"); before a move
# away they presuppose it ("whatever you replace Redshift with").
_ANY_RENEWAL = not_stated_after("whatever", "whichever", "regardless of", "no matter")
# Moving "from" a technology is theirs said of the prospect or opening its clause ("you're moving from
# Redshift", "Moving from Redshift to Snowflake"); data moves from one without anyone leaving it.
_THEIRS = LazyPattern(r"[ \t]*(?:(?:since|as|now|that|so|and)[ \t]+)*(?:(?:you|you're|your[ \t]+team|your[ \t]+team's"
                      r"|your[ \t]+team[ \t]+is|you[ \t]+are)[ \t]+(?:now[ \t]+|also[ \t]+)?)?")
# A move its clause denies after it: "replacing Redshift is not something we'd ask".
_DENIED_AFTER = LazyPattern(r"(?<![^\W\d_])(?:not|isn't|aren't|wasn't|never)(?![^\W\d_])")
_OURS_BEFORE = LazyPattern(r"(?i)(?<![^\W\d_])(?:we|we're|i|i'm|our[ \t]+[^\W\d_]+)(?:[ \t]+[^\W\d_']+)?[ \t]+\Z")
# A technology that upgrades, renews or implements, or its upgrades ("Salesforce upgrades don't break the
# tables"): its vendor's doing, no move of theirs.
_ITS_OWN = LazyPattern(r"(?i)(?:upgrades|renews|renewals|implements)\Z")
_THEIR_BEFORE = LazyPattern(r"(?i)(?<![^\W\d_])(?:your|their)[ \t]+\Z")


def _of_its_own(lower: str, at: int, techs: tuple[str, ...]) -> bool:
    """Whether the technology right before ``at`` in ``lower`` upgrades or renews, or its upgrades
    ("Salesforce upgrades don't break the tables"), not "your Salesforce renewals"."""
    before = lower[:at].rstrip().removesuffix("'s")
    tech = next((t for t in techs if before.endswith(t)), None)
    return tech is not None and not _THEIR_BEFORE.search(before[:len(before) - len(tech)])


def _moves_away(text: str, techs: tuple[str, ...]) -> list[tuple[str, str]]:
    """Each move away from a technology ``text`` states: a clause naming one of ``techs`` (lower case)
    that says it is left, said outside a negation or condition, with its sentence."""
    moves = []
    for sentence in statements(text):
        lower = sentence.lower()
        for move in _LEAVING.finditer(sentence) if any(t in lower for t in techs) else ():
            start = clause_start(sentence, move.start())
            clause = lower[start:clause_end(sentence, move.end())]
            if _ITS_OWN.match(move.group()) and _of_its_own(lower, move.start(), techs):
                continue
            renewal = move.group().lower().startswith("renew")
            if any(t in clause for t in techs) and not _NO_MOVE.search(sentence, 0, move.start()) \
                    and not (renewal and _ANY_RENEWAL.search(sentence, 0, move.start())) \
                    and not _DENIED_AFTER.search(clause, move.end() - start) \
                    and not _OURS_BEFORE.search(sentence, 0, move.start()) \
                    and (not move.group().lower().endswith(" from") or _THEIRS.fullmatch(lower, start, move.start())):
                moves.append((" ".join(move.group().lower().split()), sentence))
                break
    return moves


def _leaving_reasons(text: str, grounds: str, techs: tuple[str, ...]) -> list[str]:
    if not techs or not _LEAVING_CUES.any_in(text.lower()):
        return []
    adopted = tuple(t for t in techs if f"adopting {t}" in grounds.lower())
    moves = [(move, sentence) for move, sentence in _moves_away(text, techs)
             if not (_TAKING_UP_ONLY.match(move) and any(t in sentence.lower() for t in adopted))]
    known = {move for move, _ in _moves_away(grounds, techs)} if moves else set()
    return [f"{'change to' if _TAKING_UP_ONLY.match(move) else 'move off'} a technology not in the facts ({move}): "
            f"{sentence.strip()[:80]}" for move, sentence in moves if move not in known]


# How they feel about a technology of theirs ("your team loves Salesforce", "you hate HubSpot"): said with
# them as its subject, no research tells it.
_FEELING = LazyPattern(
    rf"(?i)(?<![^\W\d_])(?P<who>you|your(?:{_B}[^\W\d_]+){{0,2}}?{_B}(?:team|teams|reps|people|org|users|sellers))"
    rf"(?:{_B}(?:really|clearly|already|still|all|just))*"
    rf"(?P<feeling>{_B}(?:lov(?:e|es|ed)|hat(?:e|es|ed)|lik(?:e|es|ed)|dislik(?:e|es|ed)|enjoy(?:s|ed)?"
    rf"|swear(?:s)?{_B}by|can['’]t{_B}stand)"
    rf"|(?:{_B}(?:are|is|were|was)|['’]re)(?:{_B}(?:really|so|very))?{_B}(?:happy|unhappy|frustrated|fed{_B}up|sick"
    rf"|tired){_B}(?:with|of))(?![^\W\d_])")
_FEELING_CUES = Cues(("lov", "hat", "lik", "enjoy", "swear", "happy", "frustrated", "fed up", "sick", "tired", "stand"))


def _feeling_reasons(text: str, grounds: str, techs: tuple[str, ...]) -> list[str]:
    """A reason for each sentence of ``text`` that says how they feel about one of ``techs`` where the
    ``grounds`` never say it."""
    if not techs or not _FEELING_CUES.any_in(text.lower()):
        return []
    known = " ".join(grounds.lower().replace("’", "'").split())
    reasons = []
    for sentence in statements(text):
        for said in _FEELING.finditer(sentence):
            clause = sentence[said.start():clause_end(sentence, said.end())].lower()
            phrase = " ".join(clause.replace("’", "'").split())
            if any(t in clause for t in techs) and not _NO_MOVE.search(sentence, 0, said.start()) \
                    and phrase not in known:
                reasons.append(f"feeling about a technology not in the facts ({said['feeling'].strip().lower()}): "
                               f"{sentence.strip()[:80]}")
                break
    return reasons


def adoption_stage_reasons(text: str, grounds: str, techs: tuple[str, ...] = ()) -> list[str]:
    """A reason for each sentence of ``text`` that calls a technology live or its move done where the
    ``grounds`` state no such stage; ``techs``: the technologies the facts name."""
    lower = text.lower()
    said_techs = tuple(t.lower() for t in techs if t.strip())
    leaving = _leaving_reasons(text, grounds, said_techs) + _feeling_reasons(text, grounds, said_techs)
    if not _CUES.any_in(lower):
        return leaving
    stages = _stated_stages(text, said_techs)
    known = {stage for stage, _ in _stated_stages(grounds, said_techs)} if stages else set()
    return [f"stage of an adoption not in the facts ({stage}): {sentence.strip()[:80]}"
            for stage, sentence in stages if stage not in known] + leaving

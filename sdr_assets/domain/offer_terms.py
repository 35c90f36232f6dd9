"""Terms and promises we never offer: prices and discounts, free periods, guarantees and refunds,
results by a date or outright ("your reply rates will go up", "it works every time"), and deadlines
that press for an answer ("The first month is free", "We guarantee results", "We'll fill your
calendar within a month", "our discount expires tonight").

A play's approved template is the only place an offer of ours is written: the facts describe the
prospect, never our terms. A term is grounded only by the template's own text, which is the grounds
without the facts' values.
"""

from __future__ import annotations

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.ungrounded import ungrounded

_B = r"[ \t]+"
_SPAN = r"(?:a|an|one|two|three|few|couple{_B}of|\d+)".replace("{_B}", _B)
# A share however it is spaced or spelled: "20%", "20 %", "20 percent", "20 per cent", "20pct".
_SHARE = rf"[ \t]*(?:%|(?:percent|per{_B}cent|pct)\b)"
_PERCENT = rf"\d+(?:[.,]\d+)?{_SHARE}"
# A result promised outright: who will see it ("you'll", "your reply rates will", "this will"), then the
# result ("book more meetings", "go up", "fill your pipeline", "hit your target").
_PROMISER = (rf"(?:you'll|you{_B}will|(?:we|this|it|that)(?:'ll|{_B}will)"
             rf"|your{_B}[a-z-]+(?:{_B}[a-z-]+)?{_B}will)")
# More of something is a result only of what a team wins ("book more meetings"); "you'll see more detail
# on the call" and "it will double as your approval log" promise none.
_GAINED = (r"(?:meetings?|deals?|replies|responses|pipeline|revenue|leads|opportunities|conversations|customers"
           r"|demos|calls|sales|bookings|wins|business|money|signups|sign-ups|accounts|clients|opens|clicks)")
_RESULT = (rf"(?:(?:go|shoot){_B}up|rise|increase|grow|improve|(?:double|triple)(?!{_B}as\b)|jump|climb|soar"
           rf"|skyrocket|fill{_B}(?:your|the)|(?:hit|beat|exceed){_B}(?:your|the|its|their){_B}(?:[a-z-]+{_B})?"
           rf"(?:target|number|quota|goal|plan)s?"
           rf"|(?:book|see|get|close|win|land|generate){_B}more{_B}(?:[a-z-]+{_B}){{0,2}}?{_GAINED})\b")
_SHARE_AFTER_DIGITS = LazyPattern(rf"(?<=\d){_SHARE}")
_TERMS = LazyPattern(
    # Free of charge.
    rf"\b(?:is|are|'s|comes?|be){_B}(?:completely{_B}|totally{_B}|entirely{_B})?free\b(?!{_B}(?:to|of{_B}(?!charge)))"
    rf"|\bfor{_B}free\b|\bfree{_B}(?:of{_B}charge|trial|pilot|month|week|quarter|audit|consultation|setup|onboarding"
    rf"|period|tier|plan|version|access)s?\b|\b(?:is|are|'s){_B}on{_B}us\b"
    rf"|\bno{_B}(?:charge|cost|fee)s?\b|\bat{_B}no{_B}(?:extra{_B})?(?:cost|charge)\b|\bcomplimentary\b"
    rf"|\bwithout{_B}charge\b"
    # Prices and discounts.
    rf"|\bdiscount(?:s|ed)?\b|\b{_PERCENT}{_B}off\b|\bsav(?:e|es|ing){_B}(?:you{_B})?(?:up{_B}to{_B})?{_PERCENT}"
    rf"|\b(?:price|prices|pricing)\b|\bcheaper\b|\brebates?\b"
    rf"|\bcoupons?\b|\bpromo{_B}code\b|\bspecial{_B}(?:offer|rate|deal)s?\b|\bpays?{_B}for{_B}itself\b"
    # Guarantees and refunds.
    rf"|\bguarantee(?:s|d)?\b|\bguaranteeing\b|\bmoney[- ]back\b|\brefund(?:s|ed)?\b|\brisk[- ]free\b"
    rf"|\bno[- ]risk\b|\byou{_B}(?:don't|do{_B}not){_B}pay\b"
    # Results promised by a date, or forever.
    rf"|\b(?:we'll|we{_B}will|you'll|you{_B}will)\b[^.!?;\n]{{0,60}}?\b(?:within|in){_B}{_SPAN}{_B}"
    rf"(?:day|week|month|quarter|hour)s?\b"
    rf"|\b{_PROMISER}{_B}(?:definitely{_B}|certainly{_B}|easily{_B}|quickly{_B}|soon{_B})?{_RESULT}"
    rf"|\b(?:works{_B}every{_B}time|never{_B}fails|without{_B}fail|zero[- ]risk)\b"
    rf"|\bnever{_B}have{_B}to\b[^.!?;\n]{{0,40}}\bagain\b"
    rf"|\b(?:always|100{_SHARE}|fully|completely){_B}(?:complete|accurate|compliant|secure)\b"
    rf"|\b(?:we'll|we{_B}will){_B}put\b[^.!?;\n]{{0,40}}\bin{_B}front{_B}of{_B}every\b"
    # Deadlines and scarcity.
    rf"|\bexpir(?:es|e|ing)\b|\blast{_B}chance\b|\bonly{_B}available{_B}(?:until|till|through)\b"
    rf"|\b(?:until|till|before){_B}the{_B}end{_B}of{_B}the{_B}(?:day|week|month|quarter)\b"
    rf"|\b(?:spots?|seats?|places?|slots?)\b[^.!?;\n]{{0,30}}\b(?:almost|nearly){_B}(?:gone|full|taken)\b"
    rf"|\blimited{_B}(?:spots|seats|places|slots|time|offer)\b"
    rf"|\b(?:answer|decision|reply|response|commitment|confirmation){_B}by\b|\bhold{_B}the{_B}(?:slot|spot|price|rate)\b"
    rf"|\bclosing{_B}(?:our{_B}|the{_B})?(?:beta|pilot|offer|cohort|program|programme)\b"
    rf"|\bdon't{_B}miss{_B}out\b|\bbefore{_B}it'?s{_B}too{_B}late\b")

# A string every match of ``_TERMS`` holds, branch by branch: a text without one offers nothing. A result
# promised by a date or outright holds both a word of the promise and its unit of time or its result.
_TERM_CUES = Cues(("free", " us", "\tus", "charge", "cost", "fee", "complimentary", "discount", "%", "cent", "pct",
                   "every time", "without fail", "pric", "cheaper", "rebate", "coupon", "promo", "special", "itself",
                   "guarantee", "money", "refund",
                   "risk", "pay", "never", "complete", "accurate", "compliant", "secure", "front", "expir", "chance",
                   "available", " end", "\tend", "almost", "nearly", "limited", " by", "\tby", "hold", "closing",
                   "miss", "late"))
_PROMISE_CUES = Cues(("'ll", "will"))
# Every result promised outright holds one of these besides its promise.
_RESULT_CUES = Cues(("up", "rise", "increase", "grow", "improve", "double", "triple", "jump", "climb", "soar",
                     "skyrocket", "fill", "target", "number", "quota", "goal", "plan", "more"))
_UNIT_CUES = Cues(("day", "week", "month", "quarter", "hour"))


def _without_facts(lower: str, fact_values: tuple[str, ...]) -> str:
    """``lower`` (lower case) without the facts' values that hold a term: of the grounds, what is left of
    them is the approved template's. Only those: a value such as the country "US" would cut "on us"."""
    for value in sorted((v.lower() for v in fact_values if v), key=len, reverse=True):
        if _TERMS.search(value):
            lower = lower.replace(value, " ")
    return lower


def offer_term_reasons(text: str, grounds: str, fact_values: tuple[str, ...]) -> list[str]:
    """A reason for each term or promise ``text`` (folded) offers that the approved template does not."""
    lower = text.lower()
    # The template is worked out only for a text that offers.
    if not (_TERM_CUES.any_in(lower) or _PROMISE_CUES.any_in(lower) and (_UNIT_CUES.any_in(lower)
                                                                            or _RESULT_CUES.any_in(lower))) \
            or _TERMS.search(lower) is None:
        return []
    # A fact's value is no offer of ours in the text either: the sender "Owen Price", a company "FreeWay".
    return [f"offer or promise not in the approved template: '{term}'"
            for term in ungrounded(_terms, _without_facts(lower, fact_values),
                                   _without_facts(grounds.lower(), fact_values))]


def _terms(lower: str) -> list[str]:
    """The terms ``lower`` offers, each as the template's would read: one blank between words, a share as "20%"."""
    return [_SHARE_AFTER_DIGITS.sub("%", " ".join(m.group().split())) for m in _TERMS.finditer(lower)]

"""The verifier gives the reasons its plain, pattern-by-pattern version gives, in the same order, on
every input: generated texts built from the pieces each check looks for (claim words, tells,
numbers with units and nouns, links, placeholders of several tools, quotes, lower-case names and
dates and the words around them, role titles, letters whose lower case is ASCII, look-alike
letters and numerals of other scripts, line breaks), against grounds that are other text, the text
itself, or the text followed by facts (as a draft's are); and the corpora: the labelled drafts, held-out replies in several
languages and the quoted replies of the mail corpus. ``SDR_PROPERTY_EXAMPLES`` scales the number
of generated cases (default 150).
"""

import json
import os
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sdr_assets.domain import verifier
from sdr_assets.domain.lexicon import AI_TELLS, CLAIM_GROUPS, LEGAL_FORMS, NUMBER_WORDS, ORGANISATIONS, TECHNOLOGIES
from sdr_assets.verifier_eval import DEFAULT_SET, load_set, request_for
from tests.domain import verifier_reference as reference

EXAMPLES = int(os.environ.get("SDR_PROPERTY_EXAMPLES", "150"))
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

PHRASES = [p for phrases in CLAIM_GROUPS.values() for p in phrases]
PIECES = [
    "Maya", "Blueio", "Blueio's", "Blueio’s", "Acme-Data", "R&D", "Series B", "Hi", "Thanks", "I'm", "Re:", "Fwd:",
    "1,210", "25", "$17M", "20-minute", "3.5.", "2026", "https://book.outreach.example/team", "www.Example.org",
    "HTTP://x.io/a", "bit.ly/x", "foo.comhttp://bar.io", "a@b.co", "x.y@mail.example.", "see acme.com.",
    "{first_name}", "[Name]", "<<", ">>", "TBD", "XXX", "INSERT", "{", "İstanbul", "\u212aelvin", "Straße", "ΣΟΦΟΣ",
    "é", "naïve", "www.Site.zz/q=7", "WWW.a.b", "日本", "co-founder", "head-of", "new\nrole", "laid  off", "’", "‘",
    "'", "-", "&", "\u0410\u0441\u0435r", "\u0421\u0430\u0440", "Ørsted", "übernahme", "\u2166", "\u00bd", "³", "Acme™",
    "<first_name>", "%first_name%", "$first_name", "((first_name))", "first_name", "\uff1cname\uff1e",
    "\u3014name\u3015", "*|FNAME|*", "Hi name", "120", "meetings", "people", "20 min", "USD", "$25 million", "25%",
    "1,200-person", "B2B", "people.", "like", "such as", "helped", "at", "e.g.", "and", "or", "initech", "globex",
    "acme-corp", "moved", "already use", "vs.", "march", "may", "in", "since", "jan", "sept", "12th", "of",
    "thursday", "sun", "mid-", "Head of", "VP", "Vice President", "Director", "Sales", "Revenue Operations",
    "Data & AI", "chief of", "FP&A", "Sales Director", "head of", "sales", "early", "your", "hiring", "end of",
    "wed", "Managing", "just raised", "just wanted", "recently", "fresh", "\u034f", "\ufe0f", "\u2615", "\U000e0100",
    "\u3164", "for getting back", "you mentioned", "of interviews", "year-round", "the clock", "of $5M",
    "leeds", "brussels", "stages", "square", "visa", "sell to", "selling into", "launching in", "5 openings", "reps",
    "Sales Rep", "to ramp", "oversubscribed", "the pivot", "previously", "you used to", "before this",
]
SEPARATORS = [" ", " ", " ", "\n", "\n\n", ". ", "! ", "? ", ", ", ".\n", "\t", "\r\n", "\u2028", "\xa0", ""]
CASES = [str, str.lower, str.upper, str.title, str.capitalize]
WORDS = st.sampled_from(PIECES + PHRASES + list(AI_TELLS) + list(NUMBER_WORDS) + list(TECHNOLOGIES)
                        + list(ORGANISATIONS) + list(LEGAL_FORMS))
PIECE = st.tuples(st.sampled_from(CASES), WORDS).map(lambda p: p[0](p[1]))
BOUNDS = st.builds(verifier.Bounds, min_words=st.integers(0, 20), max_words=st.integers(5, 60),
                   max_subject_chars=st.integers(0, 90),
                   allowed_links=st.lists(st.sampled_from(["https://book.outreach.example", "bit.ly/", "a@b.co",
                                                           "www.example.org/"]), max_size=2).map(tuple))


def _text(pieces) -> st.SearchStrategy[str]:
    return st.lists(st.tuples(pieces, st.sampled_from(SEPARATORS)).map("".join), max_size=24).map("".join)


@st.composite
def _drafts(draw) -> tuple[str, str, str]:
    """A subject and body partly written from facts, and grounds: other text, the text itself, or the
    text then the facts (as a draft's grounds are: the filled template, then the facts)."""
    facts = draw(st.lists(PIECE, min_size=1, max_size=8))
    pieces = st.one_of(PIECE, st.sampled_from(facts))
    subject, body = draw(_text(pieces)), draw(_text(pieces))
    text = f"{subject}\n{body}"
    kind = draw(st.sampled_from(["other", "same", "text and facts", "text and facts", "text without a break"]))
    if kind == "other":
        return subject, body, draw(_text(pieces))
    if kind == "same":
        return subject, body, text
    if kind == "text without a break":
        return subject, body, text + " ".join(facts)
    return subject, body, "\n".join([text, *facts])


@cache
def _agree_on_itself(text: str, mode: str) -> None:
    """A text grounded on itself, checked once per text and mode: a labelled draft meets each context."""
    assert verifier.grounding_reasons(text, text, mode) == reference.grounding_reasons(text, text, mode)


def _agree(subject: str, body: str, grounds: str, first_touch: bool, bounds: verifier.Bounds,
           roles: verifier.Roles | None = None) -> None:
    for mode in verifier.MODES:
        assert verifier.verify_draft(subject, body, grounds, first_touch=first_touch, bounds=bounds, mode=mode,
                                     roles=roles) == \
            reference.verify_draft(subject, body, grounds, first_touch=first_touch, bounds=bounds, mode=mode,
                                   roles=roles), mode
        assert verifier.grounding_reasons(body, grounds, mode) == reference.grounding_reasons(body, grounds, mode)
        _agree_on_itself(f"{subject}\n{body}", mode)
    assert verifier.structural_reasons(subject, body, first_touch=first_touch, bounds=bounds, grounds=grounds) == \
        reference.structural_reasons(subject, body, first_touch=first_touch, bounds=bounds, grounds=grounds)


@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(_drafts(), st.booleans(), BOUNDS)
@example(("Hi", "Maya, congrats on the acquisition.", "Hi\nMaya, congrats on the acquisition.\nMaya"), True,
         verifier.Bounds(min_words=3))
@example(("Hi", "Ana at Blueio", "Hi\nAna at Blueio\nAna\nBlueio"), True, verifier.Bounds())
@example(("Hi", "see www.site.zz/7 and WWW.a.b", "Hi"), True, verifier.Bounds())
@example(("Hi", "XXX here", "g"), True, verifier.Bounds())
@example(("Hi", "TBD soon", "g"), True, verifier.Bounds())
@example(("Hi", "INSERT it", "g"), True, verifier.Bounds())
@example(("a@b.co", "x", "g"), True, verifier.Bounds())
@example(("Hi", "Ana", "Hi\nAnastasia"), True, verifier.Bounds())
@example(("", "[Name]", "x.co"), False, verifier.Bounds())
# A possessive before a legal form: "s gmbh" is no name, and a name may hold an apostrophe (o'brien).
@example(("", "Blueio's gmbh ", ""), False, verifier.Bounds())
@example(("Hi", "we met o'brien gmbh", "Hi"), False, verifier.Bounds())
# Two claim phrases overlap: "your new" and "new role" each hold "new", and "role" is the new role's.
@example(("Hi", "Congrats on your new role, Dana.", "Hi\nDana Park joined"), True, verifier.Bounds())
# A number word a digit counts ("#1 two"): the grounds' words read as digits do not hide it.
@example(("", "#1 two ", "\n#1 two "), False, verifier.Bounds(min_words=0, max_words=5, max_subject_chars=0))
# A combining mark on a Latin letter (a dot above an i) is folded away by both.
@example(("", "INSERT i\u0307stanbul Blueio ", ""), False, verifier.Bounds(min_words=0, max_words=5, max_subject_chars=0))
def test_generated_drafts_get_the_reasons_of_the_plain_version(draft, first_touch, bounds):
    _agree(*draft, first_touch, bounds)


def _corpus_texts() -> list[str]:
    texts = [json.loads(line)["text"] for line in (FIXTURES / "replies_heldout.jsonl").read_text().splitlines() if line]
    quoted = sorted((FIXTURES / "replies" / "email_reply_parser").rglob("*.txt"))
    texts += [path.read_text(encoding="utf-8", errors="replace") for path in quoted]
    return [text for text in texts if len(text) <= 20_000]  # one quoted file holds a 0.7 MB line


def test_the_quoted_corpora_get_the_reasons_of_the_plain_version():
    contexts, drafts = load_set(DEFAULT_SET)
    texts = _corpus_texts()
    assert len(texts) >= 150
    grounds = [request_for(c).grounds() for c in contexts.values()]
    for n, text in enumerate(texts):
        subject, _, body = text.partition("\n")
        _agree(subject, body, grounds[n % len(grounds)], n % 2 == 0, verifier.Bounds())
        _agree("Re: note", grounds[n % len(grounds)], text, False, verifier.Bounds(min_words=1))


def test_the_labelled_drafts_get_the_reasons_of_the_plain_version():
    contexts, drafts = load_set(DEFAULT_SET)
    for n, draft in enumerate(drafts):
        for context in contexts.values():
            request = request_for(context)
            _agree(draft["subject"], draft["body"], request.grounds(), n % 2 == 0, verifier.Bounds(), request.roles())
    for context in contexts.values():
        request = request_for(context)
        _agree(*request.rendered(), request.grounds(), True, verifier.Bounds(), request.roles())

"""The draft verifier: unit cases and its measured precision and recall on the labelled set."""

from sdr_assets.domain.verifier import Bounds, grounding_reasons, verify_draft
from sdr_assets.verifier_eval import DEFAULT_SET, score

GROUNDS = "Congrats on the Series B, Maya\nHi Maya, congratulations on Blueio's $25M Series B.\nMaya\nBlueio\nFintech"
BOUNDS = Bounds(min_words=3)


def _reasons(subject, body, first_touch=True, bounds=BOUNDS):
    return verify_draft(subject, body, GROUNDS, first_touch=first_touch, bounds=bounds)


def test_a_faithful_paraphrase_with_a_possessive_passes():
    assert _reasons("Blueio's Series B", "Hello Maya, congrats on Blueio’s $25M Series B.") == ()


def test_invented_claims_in_lowercase_words_are_caught():
    assert any("acquisition" in r for r in _reasons("Hi", "Maya, congrats on the acquisition by a large vendor."))
    assert any("partnership" in r for r in _reasons("Hi", "Maya, congrats on the new partnership with a bank."))
    assert any("'ninety'" in r for r in _reasons("Hi", "Maya, congrats on your ninety million dollar round."))


def test_links_placeholders_and_first_touch_prefixes():
    assert any("link not allowed" in r for r in _reasons("Hi", "Maya, see bit.ly/x for more."))
    assert any("link not allowed" in r for r in _reasons("Hi", "Maya, see https://www.example.org/x today."))
    allowed = Bounds(min_words=3, allowed_links=("https://book.outreach.example",))
    assert _reasons("Hi", "Maya, book here: https://book.outreach.example/team whenever suits.", bounds=allowed) == ()
    assert any("placeholder" in r for r in _reasons("Hi", "Hi {first_name}, congrats on Blueio."))
    assert any("Re:" in r for r in _reasons("Re: Blueio", "Hi Maya, congrats on Blueio."))
    assert _reasons("Re: Blueio", "Hi Maya, congrats on Blueio.", first_touch=False) == ()


def test_length_bounds_and_machine_tells():
    assert any("words" in r for r in _reasons("Hi", "Maya?", bounds=Bounds(min_words=5)))
    assert any("machine-written" in r for r in _reasons("Hi", "Maya, I hope this email finds you well."))


def test_names_numbers_mode_misses_what_the_lexicon_catches():
    text = "Maya, congrats on the acquisition."
    assert grounding_reasons(text, GROUNDS, "names_numbers") == []
    assert grounding_reasons(text, GROUNDS, "lexicon")


def test_the_default_mode_keeps_its_measured_precision_and_recall():
    measured = score(DEFAULT_SET, "lexicon")
    assert measured.true_pos + measured.false_pos + measured.false_neg + measured.true_neg >= 60
    assert measured.precision >= 0.9 and measured.recall >= 0.9, measured.misses
    baseline = score(DEFAULT_SET, "names_numbers")
    assert measured.recall > baseline.recall

"""Human reply labels: rules, the offline model on held-out replies, and the reply_labeller hook."""

import pytest

from sdr_assets.triage import bench, classify_message
from sdr_assets.triage.labels import REVIEW_THRESHOLD, label_reply, load_labelled

from .helpers import SEND_KEY, make_message

QUOTED = ("\n\nOn Mon, 3 Jun 2024 at 09:00, Alex <alex@sdr.example> wrote:\n> Hi Pat, worth a call?\n"
          "> Reply STOP or click here to unsubscribe.\n")

# Written for this test, not in the labelled set.
HELD_OUT = [
    ("Could we jump on a call Thursday afternoon? Keen to see how it works.", "interested", None),
    ("Happy to take a look, send me a calendar invite for next week.", "interested", None),
    ("Gerne, lassen Sie uns nächste Woche einen Termin finden.", "interested", None),
    ("Does it work with Microsoft Dynamics, and what does it cost per seat?", "question", None),
    ("¿Tienen integración con Zoho?", "question", None),
    ("We have no budget left this year.", "objection", "budget"),
    ("We already use Outreach for sequencing, thanks.", "objection", "has_solution"),
    ("Not right now, please check back next quarter.", "objection", "timing"),
    ("Nous utilisons déjà une autre solution.", "objection", "has_solution"),
    ("No thanks, not interested.", "not_interested", None),
    ("Kein Interesse.", "not_interested", None),
    ("Please remove me from your list.", "unsubscribe", None),
    ("Merci de ne plus me contacter.", "unsubscribe", None),
    ("I'm not the right person, please reach out to kim.lee@customer.example.", "wrong_person", None),
]


def test_labelled_set_shape():
    rows = load_labelled()
    assert len(rows) >= 300
    assert {r["label"] for r in rows} == {"interested", "question", "objection", "not_interested",
                                          "unsubscribe", "wrong_person"}
    assert {r["lang"] for r in rows} >= {"en", "de", "fr", "es"}
    assert {r["sub_reason"] for r in rows if r["label"] == "objection"} == {"timing", "budget", "has_solution", "other"}
    assert all(r["referrals"] for r in rows if r["label"] == "wrong_person")
    assert sum("unsubscribe" in r["text"] and r["label"] != "unsubscribe" for r in rows) >= 50


def test_holdout_accuracy_floor():
    result = bench.holdout_labeller()
    assert result["accuracy"] >= 0.85, result


@pytest.mark.parametrize("text,label,sub", HELD_OUT)
def test_held_out_replies(text, label, sub):
    got_label, got_sub, _ = label_reply(text)
    assert got_label == label
    if sub:
        assert got_sub == sub


def test_quoted_unsubscribe_footer_never_drives_the_label():
    result = classify_message(make_message("Sounds interesting, can we set up a call next week?" + QUOTED))
    assert result.kind == "human"
    assert result.label == "interested"
    assert "unsubscribe" not in result.visible_text
    assert result.send_key == SEND_KEY


def test_unsubscribe_overrides_other_labels():
    result = classify_message(make_message("Interesting idea and I'd love a demo, but please unsubscribe me." + QUOTED))
    assert result.label == "unsubscribe"


def test_wrong_person_referrals():
    result = classify_message(make_message(
        "Wrong person, sorry. Try jane.doe@customer.example or ops@customer.example.", from_addr="pat@customer.example"))
    assert result.label == "wrong_person"
    assert result.referrals == ["jane.doe@customer.example", "ops@customer.example"]


def test_low_confidence_goes_to_a_person():
    result = classify_message(make_message("hmm"))
    assert result.kind == "human"
    assert result.needs_review == (result.confidence < REVIEW_THRESHOLD)
    empty = classify_message(make_message("> only quoted text\n"))
    assert empty.needs_review


def test_reply_labeller_hook_is_used():
    seen = []

    def fake(text):
        seen.append(text)
        return "question", None, 0.42

    result = classify_message(make_message("What is this about?" + QUOTED), reply_labeller=fake)
    assert seen == ["What is this about?"]
    assert (result.label, result.confidence, result.needs_review) == ("question", 0.42, True)

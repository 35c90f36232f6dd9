"""Her request to stop, wherever and however she puts it, is recorded; a company's words to its readers are
not hers, and a reply that takes up the offer over them goes to a person with her mail held. Real replies, in
``tests/fixtures/replies/requests_to_stop``, read by the entry point the replies job calls."""

from pathlib import Path

from sdr_assets.triage import classify_message

REQUESTS = Path(__file__).resolve().parents[1] / "fixtures" / "replies" / "requests_to_stop"


def triage(name: str):
    return classify_message((REQUESTS / f"{name}.eml").read_bytes())


def test_a_new_message_asking_to_stop_after_a_long_preamble_is_an_opt_out():
    """"Please take me off your list." after two paragraphs of explanation, in a message that answers none of ours
    and comes from an address we never mailed."""
    result = triage("fresh_stop_after_long_preamble")
    assert (result.kind, result.label) == ("human", "unsubscribe"), (result.kind, result.label, result.reason)
    assert "Please take me off your list." in result.visible_text

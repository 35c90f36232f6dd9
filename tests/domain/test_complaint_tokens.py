"""A complaint tied to its send by the signed token its report attaches (``domain.complaint_tokens``)."""

from sdr_assets.domain.complaint_tokens import complaint_by_token
from sdr_assets.domain.unsubscribe import unsubscribe_token

NEW, OLD = b"secret-now", b"secret-before-rotation"
KEY = "a" * 24
SENDS = {KEY: {"send_key": KEY, "play": "p", "contact_email": "Dana+news@Acme.example"}}


def test_a_token_signed_before_a_rotation_names_the_send_and_its_recipient():
    token = unsubscribe_token(OLD, KEY, "dana+news@acme.example")
    send, named = complaint_by_token((NEW, OLD), ["junk", token], ["redacted@isp.example"], SENDS)
    assert send is SENDS[KEY]
    assert named == ["redacted@isp.example", "dana+news@acme.example"]


def test_a_report_already_naming_her_keeps_its_recipients():
    token = unsubscribe_token(NEW, KEY, "dana+news@acme.example")
    assert complaint_by_token((NEW,), [token], ["dana@acme.example"], SENDS) == (SENDS[KEY], ["dana@acme.example"])


def test_a_token_under_another_secret_adds_nothing():
    token = unsubscribe_token(b"a-strangers-secret", KEY, "dana+news@acme.example")
    assert complaint_by_token((NEW, OLD), [token], ["redacted@isp.example"], SENDS) == ({}, ["redacted@isp.example"])


def test_a_token_whose_send_went_to_someone_else_names_her_but_no_send():
    token = unsubscribe_token(NEW, KEY, "ann@acme.example")
    assert complaint_by_token((NEW,), [token], [], SENDS) == ({}, ["ann@acme.example"])
    assert complaint_by_token((NEW,), [token], [], {}) == ({}, ["ann@acme.example"])

"""The sender's address as the standard parser reads a header (RFC 5322, obsolete forms too), so a
request to stop names her whichever way her mail client or a relay wrote her From."""

import pytest

from sdr_assets.triage.parse import first_address


@pytest.mark.parametrize("value, address", [
    ('Ann Lee <"ann.lee"@acme.example>', "ann.lee@acme.example"),   # quotes that are not needed (RFC 5321 4.1.2)
    ("Ann Lee <ann.lee @ acme.example>", "ann.lee@acme.example"),   # CFWS around the @ (RFC 5322 4.4)
    ("Ann <ann. lee@acme.example>", "ann.lee@acme.example"),
    ("<ann@acme.example (work)>", "ann@acme.example"),
    ("ann@acme.example (Ann Lee)", "ann@acme.example"),
    ('"Ann \\"AL\\" Lee" <Ann.Lee@Acme.example>', "ann.lee@acme.example"),
    ('Ann Lee <"ann lee"@acme.example>', '"ann lee"@acme.example'),  # these quotes are needed: kept
    ('"bob@evil.example" <ann@acme.example>', "ann@acme.example"),
    ("bob@evil.example <ann@acme.example>", "ann@acme.example"),     # a display name decoded from an encoded-word
    ("Lee, Ann <ann@acme.example>", "ann@acme.example"),
    ("José <josé@bücher.example>", "josé@bücher.example"),
])
def test_the_sender_is_read_as_the_standard_reads_her_from(value, address):
    assert first_address(value) == address


@pytest.mark.parametrize("value, address", [
    ("Ann Lee ann@acme.example", "ann@acme.example"),    # no brackets: the parser's defect, the address found
    ('<a"b@acme.example>', "b@acme.example"),
    ("(" * 3000 + "ann@acme.example", "ann@acme.example"),  # nesting past the parser's recursion
    ("MAILER-DAEMON@localhost", None),                     # no dotted domain: no sender, as before
    ("undisclosed-recipients:;", None),
    ("", None),
])
def test_a_header_the_parser_cannot_read_is_searched_for_an_address(value, address):
    assert first_address(value) == address


@pytest.mark.parametrize("value", [
    "ann@acme.example", "Ann Lee <ann.lee@acme.example>", "<ANN.Lee@Acme.Example>  ", "jane+news@acme.example",
    "\"Lee, Ann\" <a.b-c_d@mail.acme-corp.example>", "o'brien@acme.example", "x!#$%&*/=?^`{|}~@acme.example",
    "MAILER-DAEMON@mail.example.com (Mail Delivery System)", "<Mailer-Daemon@mail-in2.apple.com> (Mail Delivery System)",
])
def test_a_plain_address_is_read_as_the_standard_parser_reads_it(value):
    """Plain dot-atoms skip the standard parser: what they give must be what it gives."""
    from sdr_assets.triage.parse import _PLAIN_ADDRESS_RE, _standard_address

    angle = value[value.rfind("<"):] if "<" in value else value
    assert _PLAIN_ADDRESS_RE.fullmatch(angle if "<" in value else value.strip())
    assert first_address(value) == _standard_address(angle)

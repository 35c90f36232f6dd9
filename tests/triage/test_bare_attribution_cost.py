"""A bare attribution's address holds one "@" ("alex@sdr.example wrote:"), so a line is tried for one in time linear
in its length: with an "@" allowed on both sides, a line of "a@" over and over ending in ":" (40 KB) took 38 s to read,
each "@" tried as the split against every later one, and a reply could hold up triage for minutes. Checked by what
the pattern takes, never by a clock."""

from sdr_assets.triage.quotes import _BARE_WROTE_RE, written_text


def test_an_address_with_an_at_before_its_at_is_no_attribution():
    assert _BARE_WROTE_RE.match("a@b@sdr.example wrote:") is None
    assert _BARE_WROTE_RE.match("Alex Seller <a@b@sdr.example> wrote:") is None


def test_a_bare_attribution_with_an_address_still_opens_a_quote():
    assert _BARE_WROTE_RE.match("alex@sdr.example a écrit :")
    assert _BARE_WROTE_RE.match("Alex Seller <alex@sdr.example> schrieb:")
    body = "Thanks, Thursday works.\n\nalex@sdr.example wrote:\nHi Pat, can we talk on Thursday?"
    assert written_text(body) == "Thanks, Thursday works."

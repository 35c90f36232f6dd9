"""`sdr meetings import` names the line of the file a quarantined row is on: a booking tool's CSV whose
free-text answers run over several lines ("Response 1" in a Calendly export) moves no later row's line."""

from sdr_assets.domain.meetings import parse_bookings

CALENDLY = ("Invitee Email,Start Date & Time,Canceled,Response 1\n"
            'ann@acme.example,2026-11-25 10:00,false,"We use HubSpot.\nAnd Salesforce, for now."\n'
            "not-an-address,2026-11-25 11:00,false,\n")


def test_a_rejected_row_after_a_multi_line_answer_names_its_own_line():
    parsed = parse_bookings(CALENDLY, "calendly-export.csv")
    assert [b.email for b in parsed.bookings] == ["ann@acme.example"]
    (rejected,) = parsed.rejected
    lines = CALENDLY.splitlines()
    assert lines[rejected.line - 1].startswith("not-an-address"), (
        f"the quarantine names line {rejected.line}, which reads {lines[rejected.line - 1]!r}")

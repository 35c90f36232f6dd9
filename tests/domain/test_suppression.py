"""Suppression folded from events: lifts, domains, plus tags and every spelling of an address."""

import unicodedata
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from sdr_assets.domain.addresses import InvalidAddressError
from sdr_assets.domain.suppression import (
    ADD, LIFT, Event, Suppressions, active_entries, canonical_target, events_from_replies, suppression_key,
)

T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)


def _event(n: int, target: str, action: str = ADD, reason: str = "manual") -> Event:
    return Event(f"e{n}", target, action, reason, None, "Dana", "", T0 + timedelta(minutes=n))


def test_a_lift_removes_bounces_and_manual_entries_but_never_an_unsubscribe_or_complaint():
    events = [_event(1, "a@x.example", reason="hard_bounce"), _event(2, "b@x.example", reason="unsubscribe_link"),
              _event(3, "c@x.example", reason="complaint"), _event(4, "d@x.example"),
              _event(5, "b@x.example", reason="manual")]
    events += [_event(10 + i, t, LIFT, "lift") for i, t in enumerate(["a@x.example", "b@x.example", "c@x.example",
                                                                       "d@x.example"])]
    entries = active_entries(events)
    assert sorted(entries) == ["b@x.example", "c@x.example"]
    assert [e.reason for e in entries["b@x.example"]] == ["unsubscribe_link"]
    # An entry recorded after a lift is in force again.
    assert "a@x.example" in active_entries([*events, _event(30, "a@x.example", reason="hard_bounce")])


@pytest.mark.parametrize("spelling", [
    "josé@bücher.example", " JOSÉ@BÜCHER.EXAMPLE ", unicodedata.normalize("NFD", "josé@bücher.example"),
    "josé@xn--bcher-kva.example", "josé+news@Bücher.example",
])
def test_every_spelling_and_plus_tag_of_a_suppressed_address_is_refused(spelling):
    for recorded in ("josé@bücher.example", unicodedata.normalize("NFD", "JOSÉ+promo@XN--BCHER-KVA.EXAMPLE")):
        suppressions = Suppressions(active_entries([_event(1, canonical_target(recorded), reason="unsubscribe_mail")]))
        assert suppressions.reason_for(spelling) == "unsubscribe_mail", (recorded, spelling)
    assert Suppressions(active_entries([_event(1, "jose@xn--bcher-kva.example")])).reason_for(spelling) is None


def test_a_domain_entry_covers_the_domain_and_its_subdomains_only():
    suppressions = Suppressions(active_entries([_event(1, canonical_target("@Bücher.Example"))]))
    for covered in ("a@bücher.example", "a@xn--bcher-kva.example", "a@eu.mail.BÜCHER.example"):
        assert suppressions.reason_for(covered) == "manual (domain @xn--bcher-kva.example)"
    for free in ("a@notbücher.example", "a@bücher.example.org", "a@example"):
        assert suppressions.reason_for(free) is None


def test_targets_are_canonical_or_refused():
    assert canonical_target("@XN--BCHER-KVA.example") == "@xn--bcher-kva.example"
    with pytest.raises(InvalidAddressError):
        canonical_target("@")
    with pytest.raises(InvalidAddressError):
        canonical_target("not an address")


@pytest.mark.parametrize("written", ["*@Acme.Example", "**@acme.example", "%@acme.example", " ?@acme.example "])
def test_a_wildcard_address_is_the_whole_domain(written):
    """As do-not-contact lists write a domain: an address of that spelling is a mailbox no one has."""
    assert canonical_target(written) == "@acme.example"
    suppressions = Suppressions(active_entries([_event(1, canonical_target(written))]))
    assert suppressions.reason_for("ann@acme.example") == "manual (domain @acme.example)"
    assert canonical_target("a*@acme.example") == "a*@acme.example", "a wildcard beside letters is an address"


def _reply(n: int, kind: str, **fields) -> dict:
    return {"message_id": f"<m{n}@x>", "kind": kind, "label": None, "hard": None, "recipients": [],
            "contact_email": None, "optout_targets": [], "optout_via": None,
            "received_at": T0 + timedelta(hours=n), **fields}


def test_a_complaint_matched_to_no_send_of_ours_suppresses_but_a_person_may_lift_it():
    """A feedback report naming an address without our Message-ID may be anyone's writing."""
    proven, named = events_from_replies([_reply(1, "complaint", contact_email="a@x.example", send_key="k1"),
                                         _reply(2, "complaint", recipients=["b@x.example"])], T0)
    assert (proven.reason, named.reason) == ("complaint", "unmatched_complaint")
    lifted = Event("lift-b", "b@x.example", LIFT, "manual", "", "Dana Whitfield", "forged report", T0)
    entries = active_entries([proven, named, lifted, replace(lifted, event_id="lift-a", target="a@x.example")])
    assert set(entries) == {"a@x.example"}, "the proven complaint stays whatever a person does"


def test_soft_bounces_to_spellings_of_one_gmail_mailbox_count_together():
    spellings = ["jane.doe@gmail.com", "janedoe@googlemail.com", "j.anedoe@gmail.com"]
    rows = [_reply(20 + i, "bounce", hard=False, recipients=[a]) for i, a in enumerate(spellings)]
    assert [(e.target, e.source) for e in events_from_replies(rows, T0)] == [("j.anedoe@gmail.com", "<m22@x>")]


def test_reply_events_are_keyed_by_message_so_re_deriving_them_adds_nothing():
    rows = [_reply(1, "bounce", hard=True, recipients=["A@X.example"]),
            _reply(2, "complaint", contact_email="b@x.example", send_key="k2"),
            _reply(3, "human", label="unsubscribe", optout_targets=["c@x.example"], optout_via="unsubscribe_mail"),
            _reply(4, "human", label="interested", contact_email="d@x.example"),
            *[_reply(10 + i, "bounce", hard=False, recipients=["e@x.example"]) for i in range(4)]]
    events = events_from_replies(rows, T0)
    assert [(e.target, e.reason) for e in events] == [
        ("a@x.example", "hard_bounce"), ("b@x.example", "complaint"), ("c@x.example", "unsubscribe_mail"),
        ("e@x.example", "repeated_soft_bounce")]
    assert events[-1].source == "<m12@x>", "the third soft bounce is the one that suppresses"
    assert [e.event_id for e in events_from_replies(reversed(rows), T0 + timedelta(days=1))] == \
        [e.event_id for e in events]


@pytest.mark.parametrize("suppressed, mailed", [
    ("janedoe@gmail.com", "jane.doe@gmail.com"),
    ("jane.doe@gmail.com", "j.a.n.e.doe@gmail.com"),
    ("jane.doe@googlemail.com", "Jane.Doe+news@gmail.com"),
    ("jane.doe+promo@gmail.com", "janedoe@googlemail.com"),
])
def test_every_gmail_spelling_of_one_mailbox_is_one_suppression(suppressed, mailed):
    """Gmail ignores dots in the local part and googlemail.com is gmail.com: one mailbox, one person."""
    suppressions = Suppressions(active_entries([_event(1, canonical_target(suppressed), reason="unsubscribe_link")]))
    assert suppressions.reason_for(mailed) == "unsubscribe_link"
    assert suppression_key(mailed) == suppression_key(suppressed) == "janedoe@gmail.com"


def test_dots_count_outside_gmail_and_googlemail_is_gmail_for_a_domain_entry():
    suppressions = Suppressions(active_entries([_event(1, "jane.doe@acme.example"), _event(2, "@googlemail.com")]))
    assert suppressions.reason_for("janedoe@acme.example") is None, "only Gmail ignores dots"
    assert suppressions.reason_for("anyone@gmail.com") == "manual (domain @gmail.com)"
    assert suppression_key("@GoogleMail.com") == "@gmail.com"
    assert suppression_key("not an address") == "not an address"


def _soft_bounce(day: int, address: str = "ann@x.example") -> dict:
    return _reply(24 * day, "bounce", hard=False, recipients=[address], send_key=f"k{day}")


def _recorded(table: dict[str, Event], events: list[Event]) -> list[Event]:
    """As ``suppression_events`` takes them: insert ... on conflict (event_id) do nothing."""
    for e in events:
        table.setdefault(e.event_id, e)
    return list(table.values())


def test_soft_bounces_after_a_lift_count_afresh_and_suppress_again():
    """A lift of a third-soft-bounce entry does not turn soft-bounce suppression off for good."""
    table: dict[str, Event] = {}
    replies = [_soft_bounce(day) for day in range(3)]
    _recorded(table, events_from_replies(replies, T0 + timedelta(days=3)))
    assert "ann@x.example" in active_entries(table.values()), "the third soft bounce suppresses"
    _recorded(table, [Event("lift-1", "ann@x.example", LIFT, "lift", None, "Dana", "mailbox fixed",
                            T0 + timedelta(days=4))])
    assert "ann@x.example" not in active_entries(table.values())

    replies += [_soft_bounce(day) for day in (5, 6)]
    derived = events_from_replies(replies, T0 + timedelta(days=7), table.values())
    assert {e.event_id for e in derived} <= set(table), "two bounces since the lift: nothing new"
    replies += [_soft_bounce(day) for day in (8, 9, 10)]
    new = [e for e in events_from_replies(replies, T0 + timedelta(days=11), table.values())
           if e.event_id not in table]
    assert [(e.target, e.source) for e in new] == [("ann@x.example", "<m192@x>")], "the third since the lift"
    assert "ann@x.example" in active_entries(_recorded(table, new))
    again = events_from_replies(list(reversed(replies)), T0 + timedelta(days=12), table.values())
    assert {e.event_id for e in again} <= set(table), "re-deriving them adds nothing"


def test_an_undated_soft_bounce_counts_from_when_it_was_read_so_a_lift_resets_it():
    """A bounce without a readable Date is as old as its fetch on every run, not as new as the run:
    after a lift, the undated bounces read before it do not count again with the next one."""
    undated = [{**_soft_bounce(day), "received_at": None, "fetched_at": T0 + timedelta(days=day)} for day in range(3)]
    table: dict[str, Event] = {}
    _recorded(table, events_from_replies(undated, T0 + timedelta(days=3)))
    assert [e.source for e in table.values()] == ["<m48@x>"], "the third, by when it was read, suppresses"
    _recorded(table, [Event("lift-1", "ann@x.example", LIFT, "lift", None, "Dana", "mailbox fixed",
                            T0 + timedelta(days=4))])
    replies = [*undated, _soft_bounce(5)]
    for run in (6, 30):
        derived = events_from_replies(replies, T0 + timedelta(days=run), table.values())
        assert {e.event_id for e in derived} <= set(table), "one bounce since the lift suppresses nothing"
    replies += [{**_soft_bounce(day), "received_at": None, "fetched_at": T0 + timedelta(days=day)} for day in (6, 7)]
    new = [e for e in events_from_replies(replies, T0 + timedelta(days=8), table.values()) if e.event_id not in table]
    assert [e.source for e in new] == ["<m168@x>"], "the third read since the lift suppresses again"

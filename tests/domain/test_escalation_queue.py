"""Pure pieces of the escalation queue: the fold over events, business hours, ids, routing, bookings."""

import json
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sdr_assets.domain import crm
from sdr_assets.domain import escalations as esc
from sdr_assets.domain.meetings import parse_bookings
from sdr_assets.domain.plays import PlayError, parse_play
from sdr_assets.domain.routing import parse_routing, route

MON = datetime(2026, 11, 23, 9, tzinfo=UTC)  # a Monday, 09:00 UTC


def ev(action: str, at: datetime, actor: str = "Sam", **extra) -> dict:
    return {"action": action, "acted_at": at, "actor": actor, "note": extra.pop("note", None),
            "until": extra.pop("until", None), "outcome": extra.pop("outcome", None), **extra}


def test_a_reply_after_a_hand_off_opens_it_again_for_the_same_owner():
    events = [ev("reply", MON, "pipeline"), ev("claim", MON + timedelta(hours=1), "Sam"),
              ev("handle", MON + timedelta(hours=2), "Sam", outcome="meeting", note="booked"),
              ev("reply", MON + timedelta(days=1), "pipeline")]
    state = esc.fold(events, "Dana", MON + timedelta(days=2))
    assert (state.status, state.owner, state.reopened, state.outcome) == ("open", "Sam", True, None)
    assert state.waiting_since == MON + timedelta(days=1)
    assert [n["text"] for n in state.notes] == ["booked"]
    assert esc.fold(events[:3], "Dana", MON + timedelta(days=2)).status == "handled"


def test_a_nudge_keeps_the_wait_that_the_first_unanswered_reply_started():
    nudged = [ev("reply", MON, "pipeline"), ev("reply", MON + timedelta(days=1, hours=7), "pipeline")]
    now = MON + timedelta(days=1, hours=7, minutes=30)
    state = esc.fold(nudged, "Dana", now)
    assert state.waiting_since == MON and esc.waiting_hours(state, "interested", now) == 15.5
    # A claim answers the replies so far; only a reply after it starts a new wait.
    claimed = esc.fold([*nudged, ev("claim", now, "Sam")], "Dana", now)
    assert claimed.waiting_since is None
    later = now + timedelta(hours=1)
    assert esc.fold([*nudged, ev("claim", now, "Sam"), ev("reply", later, "pipeline")], "Dana", later) \
        .waiting_since == later
    snoozed = [*nudged, ev("snooze", now, "Sam", until=now + timedelta(days=7)), ev("reply", later, "pipeline"),
               ev("reply", later + timedelta(hours=1), "pipeline")]
    assert esc.fold(snoozed, "Dana", later + timedelta(hours=2)).waiting_since == later


def test_a_snooze_ends_by_itself_and_an_unclaimed_hand_off_names_its_owner():
    until = MON + timedelta(days=3)
    events = [ev("reply", MON, "pipeline"), ev("snooze", MON + timedelta(hours=1), "Dana", until=until)]
    assert esc.fold(events, "Dana", until - timedelta(minutes=1)).status == "snoozed"
    woke = esc.fold(events, "Dana", until)
    assert (woke.status, woke.waiting_since) == ("open", until)
    handed = esc.fold([ev("reply", MON, "pipeline"), ev("handle", MON, "Priya", outcome="other")], "Dana", MON)
    assert (handed.owner, handed.handled_by) == ("Priya", "Priya")


def test_actions_that_would_make_the_log_lie_are_refused():
    state = esc.fold([ev("handle", MON, "Sam", outcome="nurture")], None, MON)
    with pytest.raises(esc.EscalationError, match="already handled"):
        esc.check_action(state, "claim", "Dana", now=MON)
    with pytest.raises(esc.EscalationError, match="name"):
        esc.check_action(esc.QueueState(), "claim", "  ", now=MON)
    with pytest.raises(esc.EscalationError, match="outcome"):
        esc.check_action(esc.QueueState(), "handle", "Sam", outcome="won", now=MON)
    with pytest.raises(esc.EscalationError, match="after now"):
        esc.check_action(esc.QueueState(), "snooze", "Sam", until=MON, now=MON)
    for action in ("claim", "note"):  # an opt-out chosen beside a claim would be recorded and never acted on
        with pytest.raises(esc.EscalationError, match="record it with handled"):
            esc.check_action(esc.QueueState(), action, "Sam", outcome="opted_out", now=MON)
    esc.check_action(state, "note", "Sam", now=MON)


@pytest.mark.parametrize("actor", ["NAME", "Your Name", "system", "sdr-bot", "\u200b", "nobody", "Reviewer Name"])
def test_an_action_needs_a_persons_name_not_a_placeholder(actor):
    with pytest.raises(esc.EscalationError, match="name"):
        esc.check_action(esc.QueueState(), "handle", actor, outcome="disqualified", now=MON)


def test_a_claim_on_someone_elses_escalation_needs_a_take_over():
    state = esc.fold([ev("reply", MON, "pipeline"), ev("claim", MON + timedelta(hours=1), "Sam Lee")], "Dana", MON)
    with pytest.raises(esc.EscalationError, match=r"k3v9qa is claimed by Sam Lee since 2026-11-23 10:00 UTC"
                                                  r".*--take-over"):
        esc.check_action(state, "claim", "Mia Chen", now=MON, escalation_id="k3v9qa")
    esc.check_action(state, "claim", "Mia Chen", now=MON, take_over=True)
    esc.check_action(state, "claim", " sam lee ", now=MON)
    esc.check_action(state, "note", "Mia Chen", now=MON)
    assert esc.taken_from(state, "Mia Chen") == "Sam Lee" and esc.taken_from(state, "Sam Lee") is None


@pytest.mark.parametrize("action, fields", [("snooze", {"until": MON + timedelta(days=30)}),
                                            ("handle", {"outcome": "disqualified"})])
def test_closing_or_snoozing_someone_elses_escalation_needs_a_take_over(action, fields):
    state = esc.fold([ev("reply", MON, "pipeline"), ev("claim", MON + timedelta(hours=1), "Sam Lee")], "Dana", MON)
    with pytest.raises(esc.EscalationError, match=r"k3v9qa is claimed by Sam Lee since .*--take-over"):
        esc.check_action(state, action, "Mia Chen", now=MON, escalation_id="k3v9qa", **fields)
    esc.check_action(state, action, "Mia Chen", now=MON, take_over=True, **fields)
    esc.check_action(state, action, "Sam Lee", now=MON, **fields)
    assert esc.taken_from(state, "Mia Chen", action) == "Sam Lee" and esc.taken_from(state, "Mia Chen", "note") is None


def test_business_hours_skip_nights_and_weekends():
    friday_4pm = datetime(2026, 11, 27, 16, tzinfo=UTC)
    assert esc.business_hours_between(friday_4pm, friday_4pm + timedelta(days=3)) == 8.0  # Fri 1h + Mon 7h
    assert esc.business_hours_between(datetime(2026, 11, 28, 10, tzinfo=UTC), datetime(2026, 11, 29, 23, tzinfo=UTC)) == 0
    assert esc.business_hours_between(MON, MON + timedelta(hours=3, minutes=30)) == 3.5


def test_business_hours_are_utc_hours_whatever_zone_the_times_carry():
    # Times read from a warehouse in another session zone: Monday 09:00-12:30 UTC is 04:00-07:30 in New York.
    new_york = ZoneInfo("America/New_York")
    assert esc.business_hours_between(MON.astimezone(new_york), (MON + timedelta(hours=3, minutes=30))
                                      .astimezone(new_york)) == 3.5
    # Friday 20:00 UTC to Saturday 10:00 UTC is Saturday morning at UTC+14: no business hours, not four.
    kiritimati = ZoneInfo("Pacific/Kiritimati")
    friday_8pm = datetime(2026, 11, 27, 20, tzinfo=UTC)
    assert esc.business_hours_between(friday_8pm.astimezone(kiritimati),
                                      (friday_8pm + timedelta(hours=14)).astimezone(kiritimati)) == 0


@given(st.integers(0, 24 * 30), st.integers(0, 24 * 30))
def test_business_hours_add_up_over_any_split(a, b):
    start, middle = MON, MON + timedelta(hours=a)
    end = middle + timedelta(hours=b)
    whole = esc.business_hours_between(start, end)
    assert abs(whole - esc.business_hours_between(start, middle) - esc.business_hours_between(middle, end)) < 1e-9
    assert 0 <= whole <= (a + b)


def test_waiting_counts_only_unclaimed_interest_and_questions():
    state = esc.fold([ev("reply", MON, "pipeline")], "Dana", MON + timedelta(hours=5))
    assert esc.waiting_hours(state, "interested", MON + timedelta(hours=5)) == 5
    assert esc.waiting_hours(state, "objection", MON + timedelta(hours=5)) is None
    claimed = esc.fold([ev("reply", MON, "pipeline"), ev("claim", MON, "Sam")], "Dana", MON)
    assert esc.waiting_hours(claimed, "interested", MON + timedelta(hours=5)) is None


def test_ids_are_short_stable_and_never_reused():
    key = "revops-hiring|jane@acme.example"
    first = esc.short_id(key, set())
    assert len(first) == 6 and first == esc.short_id(key, set())
    assert set(first) <= set(esc.ID_ALPHABET)
    assert esc.short_id(key, {first}) != first and esc.short_id(key, {first}).startswith(first)


def test_priority_and_what_escalates():
    assert [esc.priority(x) for x in ("interested", "question", "objection", "wrong_person", "not_interested")] \
        == [1, 2, 3, 4, 5]
    assert esc.escalates("human", "unsubscribe", True), "an unsure stop request goes to a person"
    assert not esc.escalates("human", "not_interested", False)
    assert not esc.escalates("out_of_office", "interested", False)


def test_routing_by_segment_then_play_owner():
    routing = parse_routing({"owner": "Ravi", "segments": [
        {"owner": "Mia", "countries": ["DE", "NL"]}, {"owner": "Leo", "employees": {"min": 1000}}]})
    assert route("Dana", routing, {"country": "DE", "employees": 5000}) == "Mia"
    assert route("Dana", routing, {"country": "US", "employees": 5000}) == "Leo"
    assert route("Dana", routing, {"country": "US", "employees": 50}) == "Ravi"
    assert route("Dana", parse_routing(None), {"country": "US"}) == "Dana"


def test_a_broken_routing_block_is_a_play_error():
    doc = {"name": "p1", "owner": "Dana", "triggers": [{"signal_type": "hiring"}],
           "variants": [{"id": "a", "subject": "s", "body": "b"}], "sequence": [{"channel": "email"}],
           "sender": {"email": "a@b.example"}}
    plain = parse_play(doc)
    routed = parse_play({**doc, "routing": {"owner": "Mia"}})
    assert routed.version_hash == plain.version_hash and routed.routing.owner == "Mia"
    for bad in ({"segments": [{"countries": ["DE"]}]}, {"segments": [{"owner": "Mia", "colour": "red"}]},
                {"owners": "Mia"}, ["Mia"]):
        with pytest.raises(PlayError, match="routing"):
            parse_play({**doc, "routing": bad})


def test_bookings_from_calendly_csv_and_webhook_dumps():
    text = ("Invitee Email,Start Date & Time,Canceled,Invitee UUID\n"
            "a@x.example,2026-11-27 2:30 pm,false,u1\n,2026-11-27 2:30 pm,false,u2\n"
            "b@x.example,someday,false,u3\nc@x.example,2026-11-27 2:30 pm,true,u4\n")
    bookings, cancellations, rejected = parse_bookings(text, "export.csv")
    assert [(b.email, b.start, b.external_id) for b in bookings] == [
        ("a@x.example", datetime(2026, 11, 27, 14, 30, tzinfo=UTC), "u1")]
    assert [(c.line, c.external_id) for c in cancellations] == [(5, "u4")]
    assert [(r.line, r.reason.split(" '")[0]) for r in rejected] == [
        (3, "no attendee email"), (4, "unreadable start time")]
    hooks = ('[{"event": "invitee.created", "payload": {"email": "d@x.example", "uri": "i1", '
             '"scheduled_event": {"start_time": "2026-12-01T09:00:00Z"}}}, '
             '{"event": "invitee.canceled", "payload": {"email": "d@x.example", "uri": "i1", '
             '"scheduled_event": {"start_time": "2026-12-01T09:00:00Z"}}}]')
    bookings, cancellations, rejected = parse_bookings(hooks, "hooks.json")
    assert [(b.email, b.external_id) for b in bookings] == [("d@x.example", "i1")]
    assert ([c.external_id for c in cancellations], rejected) == (["i1"], [])


def test_a_cancellation_names_its_booking_by_id_or_else_by_attendee_and_start():
    text = ("Invitee Email,Start Date & Time,Canceled,Invitee UUID\n"
            ",,true,u9\nE@x.example,2026-12-01 09:00,true,\n,,true,\n")
    _, cancellations, rejected = parse_bookings(text, "export.csv")
    assert [(c.line, c.external_id) for c in cancellations] == [(2, "u9"), (3, "e@x.example|2026-12-01T09:00:00+00:00")]
    assert [(r.line, r.reason) for r in rejected] == [(4, "no attendee email")]
    cal = {"triggerEvent": "BOOKING_CANCELLED", "payload": {"uid": "cal-1", "startTime": "2026-12-01T09:00:00Z",
                                                            "attendees": [{"email": "a@x.example"}]}}
    assert [c.external_id for c in parse_bookings(json.dumps(cal), "hooks.json").cancellations] == ["cal-1"]


def test_a_spreadsheets_byte_order_mark_is_no_part_of_the_first_column():
    text = "\ufeffInvitee Email,Start Date & Time\r\na@x.example,2026-11-25T10:00:00Z\r\n"
    bookings, _, rejected = parse_bookings(text, "calendly.csv")
    assert [b.email for b in bookings] == ["a@x.example"] and rejected == []


def test_each_unreadable_booking_is_rejected_with_its_reason_and_the_good_ones_kept():
    good = {"email": "a@x.example", "start_time": "2026-11-25T10:00:00Z"}
    rows = [good, {"attendees": ["x@y.example"], "startTime": "2026-11-25T10:00:00Z"},
            {**good, "start_time": "0001-01-01T00:00:00+05:00"}, {**good, "start_time": "9999-12-31T23:00:00-05:00"}]
    bookings, _, rejected = parse_bookings(json.dumps(rows), "hooks.json")
    assert [b.email for b in bookings] == ["a@x.example"]
    assert [(r.line, r.reason) for r in rejected] == [
        (2, "no attendee email"),
        (3, "start time '0001-01-01T00:00:00+05:00' is outside the calendar in UTC"),
        (4, "start time '9999-12-31T23:00:00-05:00' is outside the calendar in UTC")]
    lines = json.dumps(good) + "\n" + "[" * 5000 + "\n"
    bookings, _, rejected = parse_bookings(lines, "hooks.jsonl")
    assert len(bookings) == 1 and [(r.line, r.reason) for r in rejected] == [(2, "not JSON: nested too deeply")]


def test_crm_stages_follow_outcome_then_queue_status():
    row = {"status": "handled", "outcome": "meeting", "label": "interested"}
    assert crm.stage(row) == ("salesqualifiedlead", "CONNECTED", "Working - Contacted", "Hot")
    assert crm.stage({**row, "outcome": "disqualified"})[1:3] == ("UNQUALIFIED", "Closed - Not Converted")
    assert crm.stage({"status": "open", "outcome": None, "label": "interested"})[3] == "Hot"
    assert crm.stage({"status": "open", "outcome": None, "label": "objection"})[3] == "Warm"
    assert set(crm.OUTCOME_MAP) >= set(esc.OUTCOMES) | {"open", "claimed", "snoozed"}


def test_a_conversation_open_again_never_maps_below_its_meeting_or_earlier_outcome():
    events = [ev("reply", MON, "pipeline"), ev("handle", MON + timedelta(hours=1), "Sam", outcome="meeting"),
              ev("reply", MON + timedelta(hours=2), "pipeline")]
    state = esc.fold(events, "Dana", MON + timedelta(hours=3))
    assert (state.status, state.outcome, state.last_outcome) == ("open", None, "meeting")
    reopened = {"status": "open", "outcome": None, "label": "not_interested", "last_outcome": "meeting"}
    assert crm.stage(reopened) == crm.OUTCOME_MAP["meeting"]
    assert crm.stage({**reopened, "last_outcome": None, "meeting_booked_at": MON}) == crm.OUTCOME_MAP["meeting"]
    assert crm.stage({**reopened, "status": "claimed", "meeting_booked_at": MON}) == crm.OUTCOME_MAP["meeting"]
    assert crm.stage({**reopened, "last_outcome": "nurture"}) == crm.OUTCOME_MAP["nurture"]
    assert crm.stage({**reopened, "last_outcome": "nurture", "status": "claimed"}) == crm.OUTCOME_MAP["claimed"]
    assert crm.stage({**reopened, "last_outcome": "disqualified", "label": "interested"})[:3] == \
        crm.OUTCOME_MAP["disqualified"][:3]
    # A person's new hand-off is the truth, a meeting before it or not.
    assert crm.stage({**reopened, "status": "handled", "outcome": "disqualified", "meeting_booked_at": MON}) == \
        crm.OUTCOME_MAP["disqualified"]


person_events = st.lists(st.tuples(st.sampled_from(["claim", "note", "snooze", "handle", "reply"]),
                                   st.sampled_from(["Sam", "Dana", "Priya"])), max_size=12)


@given(person_events)
def test_replies_never_erase_what_people_did(steps):
    events = [ev("reply", MON, "pipeline")]
    for n, (action, actor) in enumerate(steps, start=1):
        at = MON + timedelta(hours=n)
        events.append(ev(action, at, "pipeline" if action == "reply" else actor, note=f"n{n}",
                         until=at + timedelta(days=30) if action == "snooze" else None,
                         outcome="meeting" if action == "handle" else None))
    now = MON + timedelta(hours=len(steps) + 1)
    state = esc.fold(events, "Dana", now)
    people = [e for e in events if e["actor"] != "pipeline"]
    assert [n["text"] for n in state.notes] == [e["note"] for e in people]
    claims = [e for e in people if e["action"] == "claim"]
    if claims:  # the last claimant, unless someone else has snoozed or handled it since (a take-over)
        claimant, since = claims[-1]["actor"], people[people.index(claims[-1]) + 1:]
        others = {e["actor"] for e in since if e["action"] in ("snooze", "handle") and e["actor"] != claimant}
        assert state.owner == claimant if not others else state.owner in others | {claimant}
        taken = next((e for e in events[events.index(claims[-1]) + 1:] if e["action"] != "note"), None)
        later = events[events.index(taken) + 1:] if taken else []
        if (taken and taken["action"] in ("snooze", "handle") and taken["actor"] != claimant
                and not any(e["action"] in ("snooze", "handle") and e["actor"] != taken["actor"] for e in later)):
            assert state.owner == taken["actor"], "a snooze or hand-off of her held claim by another is a take-over"
    last = next((e for e in reversed(events) if e["action"] in ("reply", "snooze", "handle", "claim")), None)
    if last and last["action"] == "handle":
        assert (state.status, state.outcome) == ("handled", "meeting")
    if last and last["action"] == "reply" and any(e["action"] in ("handle", "snooze") for e in people):
        assert state.status in ("open", "claimed")


def test_business_hours_since_an_ancient_date_are_counted_by_weeks():
    # A reply's Date header may say year 100: walking day by day to 9999 took seconds per escalation.
    start, end = datetime(100, 1, 4, 9, tzinfo=UTC), datetime(9999, 12, 31, 12, tzinfo=UTC)
    weeks = (end - start) // timedelta(weeks=1)
    rest = esc.business_hours_between(start + timedelta(weeks=weeks), end)
    began = time.process_time()
    assert esc.business_hours_between(start, end) == weeks * 40 + rest
    assert time.process_time() - began < 0.5
    assert esc.business_hours_between(MON, MON + timedelta(weeks=3, hours=2)) == 122


def test_a_timestamp_whose_utc_moment_leaves_the_calendar_is_refused_with_a_reason():
    assert esc.parse_when("9999-12-31T18:00:00-05:00") == datetime(9999, 12, 31, 23, tzinfo=UTC)
    for text in ("9999-12-31T23:00:00-05:00", "0001-01-01T00:30:00+01:00"):
        with pytest.raises(esc.EscalationError, match="outside the years 1 to 9999"):
            esc.parse_when(text)


def test_business_hours_are_the_teams_own_in_its_zone_summer_time_included():
    """A team in New York works 09:00-17:00 there: a reply at 15:00 its time has waited two hours
    by five, not none (UTC's day had ended), and its morning is not counted before it begins."""
    new_york = ZoneInfo("America/New_York")
    monday_3pm = datetime(2026, 11, 23, 20, tzinfo=UTC)  # 15:00 in New York
    assert esc.business_hours_between(monday_3pm, monday_3pm + timedelta(hours=2), zone=new_york) == 2.0
    # To Tuesday 10:00 there: two hours on Monday, one on Tuesday (UTC's clock would say six).
    assert esc.business_hours_between(monday_3pm, datetime(2026, 11, 24, 15, tzinfo=UTC), zone=new_york) == 3.0
    # Over the end of summer time (Sunday 1 November 2026): Friday 16:00 EDT to Monday 10:00 EST.
    assert esc.business_hours_between(datetime(2026, 10, 30, 20, tzinfo=UTC), datetime(2026, 11, 2, 15, tzinfo=UTC),
                                      zone=new_york) == 2.0
    # Whole weeks across the change are forty hours each, and the calendar's ends raise nothing.
    assert esc.business_hours_between(datetime(2026, 10, 19, 13, tzinfo=UTC), datetime(2026, 11, 16, 14, tzinfo=UTC),
                                      zone=new_york) == 160.0
    tokyo = ZoneInfo("Asia/Tokyo")
    assert esc.business_hours_between(datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, tzinfo=UTC),
                                      zone=new_york) > 0
    assert esc.business_hours_between(datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, tzinfo=UTC),
                                      zone=tokyo) > 0

"""Sequencing and throttling: pure planning over drafts, the ledger, suppressions and holds."""

import hashlib
import unicodedata
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sdr_assets.domain.addresses import InvalidAddressError, canonical_address
from sdr_assets.domain.sequencing import (
    MAX_SOFT_BOUNCE_RETRIES, Hold, Limits, content_digest, linkedin_due, plan_sends, send_key, warmup_capacity,
)

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
LIMITS = Limits(mailbox_daily_cap=50, warmup_start=20, warmup_increment=5, play_daily_cap=40)
PLAY, MAILBOX = "p", "sam@outreach.example"


def _draft(n: int, step: int = 1, channel: str = "email", delay: int = 0, fit: float = 0.5) -> dict:
    """Contact ``n``'s draft, at an account of hers: enrichment names one contact per play and account."""
    return {"draft_id": f"d{n}-{step}", "play": PLAY, "contact_email": f"c{n}@acme.example", "step": step,
            "channel": channel, "delay_days": delay, "fit": fit, "company_domain": f"account{n}.example",
            "variant": "a", "signal_type": "hiring", "subject": "s", "body": "b", "contact_name": "C"}


def _sent(draft: dict, when: datetime, attempt: int = 0) -> dict:
    return {"send_key": send_key(PLAY, draft["contact_email"], draft["step"], attempt), "play": PLAY,
            "contact_email": draft["contact_email"], "step": draft["step"], "status": "sent", "sent_at": when,
            "mailbox": MAILBOX}


def _plan(drafts, ledger=(), suppressed=(), holds=None, soft=None, limits=LIMITS, now=NOW):
    return plan_sends(list(drafts), list(ledger), set(suppressed), holds or {}, limits, now, PLAY, MAILBOX, soft,
                      sending={})


def test_a_message_sent_before_as_another_step_is_not_sent_again_and_the_steps_after_it_wait_from_then():
    # Version 1 was [first, follow-up at day 2]; version 2 inserts a nudge at day 1, so the follow-up is
    # step 3, and adds a last note at day 5.
    first = {**_draft(1, 1), "subject": "Hello", "body": "First"}
    nudge = {**_draft(1, 2, delay=1), "subject": "Re: Hello", "body": "A nudge"}
    follow_up = {**_draft(1, 3, delay=2), "subject": "Re: Hello", "body": "Following up once."}
    last = {**_draft(1, 4, delay=5), "subject": "Re: Hello", "body": "Last note"}
    day0 = NOW - timedelta(days=3)
    as_step_2 = {**follow_up, "step": 2}
    ledger = [{**_sent(first, day0), "content_digest": content_digest(first)},
              {**_sent(as_step_2, day0 + timedelta(days=2)), "content_digest": content_digest(as_step_2)}]
    drafts = [first, nudge, follow_up, last]
    plan = _plan(drafts, ledger)
    assert plan.send == [] and [(d["draft_id"], d["step"], d["sent_as"], d["sent_at"], d["status"], d["send_key"])
                                for d in plan.sent_before] == [
        (follow_up["draft_id"], 3, 2, day0 + timedelta(days=2), "sent_before", send_key(PLAY, "c1@acme.example", 3))]
    recorded = [*ledger, {**_sent(follow_up, day0 + timedelta(days=2)), "status": "sent_before"}]
    assert _plan(drafts, recorded).sent_before == [], "recorded once"
    assert [d["step"] for d in _plan(drafts, recorded, now=day0 + timedelta(days=5)).send] == [4]
    assert [d["step"] for d in _plan(drafts, ledger, now=day0 + timedelta(days=5)).send] == [4]
    assert _plan(drafts, [{**row, "content_digest": None} for row in ledger]).send == [follow_up | {
        "send_key": send_key(PLAY, follow_up["contact_email"], 3)}], "a ledger row without a digest matches nothing"


def test_a_step_recorded_sent_before_dates_the_next_step_once_its_draft_is_rewritten():
    # Step 3 was recorded sent_before (its message went as step 2); fresh research rewrote its draft,
    # so nothing in the drafts matches that message any more: the ledger row alone dates step 3.
    first = {**_draft(1, 1), "subject": "Hello", "body": "First"}
    rewritten = {**_draft(1, 3, delay=2), "subject": "Re: Hello", "body": "Rewritten after research."}
    last = {**_draft(1, 4, delay=5), "subject": "Re: Hello", "body": "Last note"}
    day0 = NOW - timedelta(days=6)
    ledger = [{**_sent(first, day0), "content_digest": content_digest(first)},
              {**_sent(rewritten, day0 + timedelta(days=3)), "status": "sent_before"}]
    assert [d["step"] for d in _plan([first, rewritten, last], ledger).send] == [4]
    assert _plan([first, rewritten, last], ledger, now=day0 + timedelta(days=5)).send == [], "3 days after step 3"


def test_warmup_ramps_with_each_sending_day_to_the_cap():
    assert warmup_capacity(LIMITS, 0) == 20
    assert warmup_capacity(LIMITS, 2) == 30
    assert warmup_capacity(LIMITS, 300) == 50


@pytest.mark.parametrize("spelling", ["sam@bücher.example", "Sam@xn--bcher-kva.example", " sam@bu\u0308cher.example "])
def test_one_mailbox_spelt_another_way_shares_its_days_cap(spelling):
    other_play = [{**_sent(_draft(100 + i), NOW - timedelta(hours=1)), "play": "q", "mailbox": spelling}
                  for i in range(3)]
    capped = Limits(mailbox_daily_cap=5, warmup_start=5, warmup_increment=0, play_daily_cap=40)
    plan = plan_sends([_draft(i) for i in range(5)], other_play, set(), {}, capped, NOW, PLAY,
                      "sam@xn--bcher-kva.example", sending={})
    assert len(plan.send) == 2, "3 of the day's 5 went from the same mailbox in another play"


def test_sent_keys_are_never_planned_again():
    drafts = [_draft(i) for i in range(3)]
    plan = _plan(drafts, ledger=[_sent(drafts[0], NOW - timedelta(hours=1))])
    assert sorted(d["contact_email"] for d in plan.send) == ["c1@acme.example", "c2@acme.example"]


def test_suppressed_addresses_are_recorded_as_skipped_never_sent():
    plan = _plan([_draft(1), _draft(2)], suppressed={"c1@acme.example"})
    assert [d["contact_email"] for d in plan.send] == ["c2@acme.example"]
    assert plan.skipped[0]["status"] == "suppressed"


def _refused(draft: dict, when: datetime) -> dict:
    return {**_sent(draft, when), "status": "suppressed"}


def test_a_suppressed_contact_is_recorded_once_and_sent_to_once_the_suppression_is_lifted():
    first = _draft(1)
    ledger = [_refused(first, NOW - timedelta(days=1))]
    still = _plan([first], ledger, suppressed={"c1@acme.example"})
    assert (still.send, still.skipped) == ([], []), "already recorded: nothing new to record, nothing sent"
    lifted = _plan([first], ledger)
    assert [(d["contact_email"], d["send_key"]) for d in lifted.send] == [("c1@acme.example", ledger[0]["send_key"])]


def test_a_suppressed_contacts_follow_up_is_not_recorded_before_it_is_due():
    first, follow = _draft(1), _draft(1, step=3, delay=6)
    plan = _plan([first, follow], suppressed={"c1@acme.example"})
    assert [(d["step"], d["status"]) for d in plan.skipped] == [(1, "suppressed")]


def test_other_refusals_stay_final():
    first = _draft(1)
    for status in ("failed", "invalid_address", "sending"):
        assert _plan([first], [{**_sent(first, NOW - timedelta(days=1)), "status": status}]).send == []


def test_holds_stop_or_pause_a_sequence():
    holds = {"c1@acme.example": Hold("stop", None, "replied: interested"),
             "c2@acme.example": Hold("pause", date(2026, 11, 25), "out of office"),
             "c3@acme.example": Hold("pause", date(2026, 11, 19), "out of office")}
    plan = _plan([_draft(1), _draft(2), _draft(3)], holds=holds)
    assert [d["contact_email"] for d in plan.send] == ["c3@acme.example"]
    assert plan.deferred == {"replied: interested": 1, "out of office": 1}


def test_follow_ups_wait_for_their_delay_from_the_first_email():
    first, follow = _draft(1), _draft(1, step=2, delay=3)
    ledger = [_sent(first, NOW - timedelta(days=2))]
    assert _plan([first, follow], ledger).send == []
    later = _plan([first, follow], ledger, now=NOW + timedelta(days=1, hours=1))
    assert [(d["contact_email"], d["step"]) for d in later.send] == [("c1@acme.example", 2)]
    assert _plan([follow]).send == [], "no follow-up without a first email"


def test_daily_room_is_the_smaller_of_warmup_and_play_cap_counting_todays_sends():
    drafts = [_draft(i, fit=i / 100) for i in range(30)]
    ledger = [_sent(_draft(100 + i), NOW - timedelta(hours=2)) for i in range(5)]
    plan = _plan(drafts, ledger)
    assert len(plan.send) == 15, "warm-up day 0 allows 20, 5 already went today"
    assert plan.deferred["daily cap reached"] == 15
    assert plan.send[0]["fit"] == max(d["fit"] for d in drafts), "best fit goes first"


def test_the_daily_room_counts_the_utc_day_whatever_zone_the_times_carry():
    # 10:30 UTC is past midnight at UTC+14 and 05:30 in New York: the same UTC day either way.
    drafts = [_draft(i) for i in range(30)]
    for zone in ("Pacific/Kiritimati", "America/New_York"):
        sent_at = datetime(2026, 11, 20, 10, 30, tzinfo=UTC).astimezone(ZoneInfo(zone))
        ledger = [_sent(_draft(100 + i), sent_at) for i in range(20)]
        plan = _plan(drafts, ledger, now=NOW + timedelta(hours=2))
        assert plan.send == [] and plan.deferred["daily cap reached"] == 30, zone
        local_now = (NOW + timedelta(hours=15)).astimezone(ZoneInfo("Pacific/Kiritimati"))  # 00:00 UTC, 11-21
        assert len(_plan(drafts, ledger, now=local_now).send) == 25, "the next UTC day: day 1 of the warm-up"


def test_soft_bounce_earns_a_retry_with_its_own_key_until_the_limit():
    draft = _draft(1)
    ledger = [_sent(draft, NOW - timedelta(days=3))]
    retry = _plan([draft], ledger, soft={("c1@acme.example", 1): 1})
    assert [d["send_key"] for d in retry.send] == [send_key(PLAY, "c1@acme.example", 1, 1)]
    ledger.append(_sent(draft, NOW - timedelta(days=1), attempt=1))
    assert _plan([draft], ledger, soft={("c1@acme.example", 1): 1}).send == [], "the retry went already"
    exhausted = {("c1@acme.example", 1): MAX_SOFT_BOUNCE_RETRIES + 1}
    assert _plan([draft], ledger, soft=exhausted).send == []


def test_a_soft_bounce_retry_waits_for_no_one_once_a_later_step_reached_the_person():
    # A mail server's expiry notice (a 4.x.x "failed") can come days late, after the follow-up went:
    # the opener sent again then would follow its own "Re:".
    first, follow_up = _draft(1), _draft(1, step=2, delay=2)
    ledger = [_sent(first, NOW - timedelta(days=4)), _sent(follow_up, NOW - timedelta(days=2))]
    soft = {("c1@acme.example", 1): 1}
    assert _plan([first, follow_up], ledger, soft=soft).send == []
    assert [d["step"] for d in _plan([first, follow_up], ledger[:1], soft=soft).send] == [1], \
        "before the follow-up went, the opener is retried"


def test_linkedin_steps_become_tasks_after_the_first_email():
    first, task = _draft(1), _draft(1, step=2, channel="linkedin", delay=2)
    assert linkedin_due([first, task], [], PLAY, NOW) == []
    due = linkedin_due([first, task], [_sent(first, NOW)], PLAY, NOW)
    assert due[0]["due_at"] == datetime(2026, 11, 22, tzinfo=UTC), "the start of the UTC day two days on"


def test_a_follow_up_to_an_address_stored_in_capitals_comes_due():
    first, follow = _draft(1), _draft(1, step=2, delay=3)
    first["contact_email"] = follow["contact_email"] = "Ann.Lee@Acme.Example"
    ledger = [_sent(first, NOW - timedelta(days=4))]
    assert [d["step"] for d in _plan([first, follow], ledger).send] == [2]
    linkedin = {**follow, "channel": "linkedin"}
    assert [t["step"] for t in linkedin_due([first, linkedin], ledger, PLAY, NOW)] == [2]


def _stored_key(play: str, contact_email: str, step: int, attempt: int = 0) -> str:
    """The send key as ledgers stored it before keys took the canonical address."""
    suffix = f"|retry{attempt}" if attempt else ""
    return hashlib.sha256(f"{play}|{contact_email.lower()}|{step}{suffix}".encode()).hexdigest()[:24]


@pytest.mark.parametrize("address", ["ann.lee@acme.example", "jane+news@acme.example", "o_brien-2@mail.acme.co.uk",
                                     "josé.núñez@xn--bcher-kva.example", "øyvind@sub.fjord.example"])
@pytest.mark.parametrize(("step", "attempt"), [(1, 0), (2, 0), (1, 2)])
def test_the_send_key_of_an_address_already_canonical_is_the_key_ledgers_hold(address, step, attempt):
    assert canonical_address(address) == address
    assert send_key(PLAY, address, step, attempt) == _stored_key(PLAY, address, step, attempt)


@given(st.emails())
def test_every_canonical_address_keeps_its_key_and_every_spelling_shares_it(address):
    try:
        canonical = canonical_address(address)
    except InvalidAddressError:
        assume(False)
    assume(canonical_address(canonical) == canonical)
    assert send_key(PLAY, canonical, 1) == _stored_key(PLAY, canonical, 1), "a sent step is never sent again"
    for spelling in (address, f" {address.upper()}", unicodedata.normalize("NFD", address)):
        assert send_key(PLAY, spelling, 1) == send_key(PLAY, canonical, 1)


def test_an_invalid_address_still_has_a_key():
    assert send_key(PLAY, "Not An Address", 1) == _stored_key(PLAY, "not an address", 1)


def test_spellings_of_one_address_share_a_key():
    assert len({send_key(PLAY, s, 1) for s in ("ann@acme.example", " ann@acme.example", "Ann@ACME.example\t")}) == 1
    canonical = send_key(PLAY, "josé@xn--bcher-kva.example", 1)
    assert send_key(PLAY, "JOSÉ@Bücher.example ", 1) == canonical
    assert send_key(PLAY, unicodedata.normalize("NFD", "josé@bücher.example"), 1) == canonical


def test_a_step_sent_under_the_key_of_its_stored_spelling_is_not_planned_again():
    """Ledgers from before canonical keys hold the spelling's key: the step stays sent."""
    draft = {**_draft(1), "contact_email": " José@Bücher.example"}
    assert send_key(PLAY, draft["contact_email"], 1) != _stored_key(PLAY, draft["contact_email"], 1)
    ledger = [{**_sent(draft, NOW - timedelta(hours=1)), "send_key": _stored_key(PLAY, draft["contact_email"], 1)}]
    assert _plan([draft], ledger).send == []
    assert _plan([draft, _draft(2)], ledger).send[0]["contact_email"] == "c2@acme.example"


def _same_person(*spellings: str) -> list[dict]:
    """One contact listed under several accounts, each draft spelling the address its own way."""
    return [{**_draft(1), "draft_id": f"d{i}", "company_domain": f"account{i}.example", "contact_email": spelled}
            for i, spelled in enumerate(spellings)]


@pytest.mark.parametrize("spellings", [("ann@acme.example", "ann@acme.example"),
                                       (" ann@acme.example", "ann@acme.example", "Ann@ACME.example")])
def test_one_contact_and_step_drafted_twice_is_planned_once(spellings):
    drafts = _same_person(*spellings)
    plan = _plan(drafts)
    (planned,) = plan.send
    assert planned["draft_id"] == "d0", "the first draft by its identifier"
    assert _plan(reversed(drafts)).send == plan.send, "whatever the order the drafts came in"
    assert plan.duplicates == [{"draft_id": f"d{i}", "send_key": planned["send_key"], "kept": "d0"}
                               for i in range(1, len(drafts))]


def test_one_mailbox_with_and_without_a_tag_is_one_person_and_step():
    drafts = _same_person("ann@acme.example", "ann+sales@acme.example", "Ann+News@ACME.example")
    plan = _plan(drafts)
    (planned,) = plan.send
    assert sorted((d["draft_id"], d["kept"]) for d in plan.duplicates) == sorted(
        (d["draft_id"], planned["draft_id"]) for d in drafts if d["draft_id"] != planned["draft_id"])
    assert _plan(reversed(drafts)).send == plan.send, "whatever the order the drafts came in"


@pytest.mark.parametrize(("went_to", "drafted"), [("ann@acme.example", "ann+sales@acme.example"),
                                                  ("ann+sales@acme.example", "Ann@acme.example")])
def test_a_step_that_went_to_one_spelling_of_a_mailbox_is_not_sent_to_another(went_to, drafted):
    (earlier,) = _same_person(went_to)
    (later,) = _same_person(drafted)
    plan = _plan([{**later, "draft_id": "other"}], [{**_sent(earlier, NOW - timedelta(days=1)), "draft_id": "d0"}])
    assert plan.send == []
    assert plan.duplicates == [{"draft_id": "other", "send_key": send_key(PLAY, drafted, 1), "kept": "d0"}]


def test_a_tag_is_no_reason_to_give_one_person_two_steps_in_a_run():
    first = {**_draft(1), "contact_email": "ann@acme.example"}
    follow_up = {**_draft(1, step=2, delay=2), "draft_id": "tagged-2", "contact_email": "ann+sales@acme.example"}
    tagged_first = {**_draft(1), "draft_id": "tagged-1", "contact_email": "ann+sales@acme.example"}
    ledger = [_sent(tagged_first, NOW - timedelta(days=3))]
    plan = _plan([first, follow_up], ledger, limits=ROOMY)
    assert _steps(plan) == [("ann+sales@acme.example", 2)], "her tagged step 1 went; the untagged one is hers"


def test_a_soft_bounce_retry_of_one_spelling_is_not_taken_for_another_spellings_step():
    (draft,) = _same_person("ann+sales@acme.example")
    plan = _plan([draft], [{**_sent(draft, NOW - timedelta(days=1)), "draft_id": "d0"}],
                 soft={("ann+sales@acme.example", 1): 1})
    assert [d["send_key"] for d in plan.send] == [send_key(PLAY, "ann+sales@acme.example", 1, 1)]


def test_of_two_drafts_for_one_contact_the_better_fit_is_planned():
    drafts = _same_person("ann@acme.example", "ann@acme.example")
    drafts[1]["fit"] = 0.9
    assert [d["draft_id"] for d in _plan(drafts).send] == ["d1"]


def test_a_contact_drafted_twice_takes_one_place_under_the_daily_cap():
    drafts = [*_same_person("ann@acme.example", "ann@acme.example"), _draft(2), _draft(3)]
    plan = _plan(drafts, limits=Limits(mailbox_daily_cap=3, warmup_start=3, warmup_increment=0, play_daily_cap=3))
    assert sorted(d["contact_email"] for d in plan.send) == ["ann@acme.example", "c2@acme.example", "c3@acme.example"]
    assert "daily cap reached" not in plan.deferred


def test_a_suppressed_contact_drafted_twice_is_recorded_once():
    plan = _plan(_same_person("ann@acme.example", " Ann@acme.example"), suppressed={"ann@acme.example",
                                                                                  " ann@acme.example"})
    assert plan.send == [] and [d["draft_id"] for d in plan.skipped] == ["d0"]
    assert [d["draft_id"] for d in plan.duplicates] == ["d1"]


def _steps(plan) -> list[tuple[str, int]]:
    return [(d["contact_email"], d["step"]) for d in plan.send]


def test_a_follow_up_is_due_on_its_utc_day_once_as_many_24_hours_passed_less_half_a_day():
    first, follow = _draft(1), _draft(1, step=2, delay=3)
    monday = datetime(2026, 11, 16, 9, 0, 30, tzinfo=UTC)
    ledger = [_sent(first, monday)]
    thursday_earlier = monday + timedelta(minutes=-50, days=3)
    assert _steps(_plan([first, follow], ledger, now=thursday_earlier)) == [("c1@acme.example", 2)], (
        "a daily run at the hour of Monday's, a little before the minute Monday's batch sent in")
    assert _plan([first, follow], ledger, now=monday + timedelta(days=2, hours=14)).send == [], "Wednesday 23:00"
    new_york = (monday + timedelta(days=3, hours=-9)).astimezone(ZoneInfo("America/New_York"))  # Thu 00:00 UTC
    assert _plan([first, follow], ledger, now=new_york - timedelta(hours=4)).send == [], "Wednesday, 59 hours after"
    assert _steps(_plan([first, follow], ledger, now=new_york)) == [("c1@acme.example", 2)], "Thursday, 63 hours"


@pytest.mark.parametrize(("sent", "delay", "morning"), [
    (datetime(2026, 11, 17, 15, tzinfo=UTC), 1, datetime(2026, 11, 18, 8, tzinfo=UTC)),  # Tuesday 15:00, Wednesday
    (datetime(2026, 11, 20, 15, tzinfo=UTC), 3, datetime(2026, 11, 23, 8, tzinfo=UTC)),  # Friday 15:00, Monday
])
def test_an_afternoon_email_is_followed_at_the_morning_run_of_the_day_its_delay_reaches(sent, delay, morning):
    """The outreach sensor sends at any hour; the schedule runs weekday mornings."""
    first, follow = _draft(1), _draft(1, step=2, delay=delay)
    ledger = [_sent(first, sent)]
    assert _plan([first, follow], ledger, now=morning - timedelta(days=1)).send == [], "a day early"
    assert _steps(_plan([first, follow], ledger, now=morning)) == [("c1@acme.example", 2)]


def test_a_one_day_follow_up_of_an_email_sent_before_midnight_waits_half_a_day():
    first, follow = _draft(1), _draft(1, step=2, delay=1)
    late = datetime(2026, 11, 19, 23, 50, tzinfo=UTC)
    ledger = [_sent(first, late)]
    for after in (timedelta(minutes=10), timedelta(hours=8), timedelta(hours=11, minutes=59)):
        assert _plan([first, follow], ledger, now=late + after).send == [], f"{after} after the first email"
    assert _steps(_plan([first, follow], ledger, now=late + timedelta(hours=12))) == [("c1@acme.example", 2)]


def test_a_linkedin_task_is_due_at_the_start_of_its_utc_day():
    first, task = _draft(1), _draft(1, step=2, channel="linkedin", delay=3)
    monday = datetime(2026, 11, 16, 9, 0, 30, tzinfo=UTC)
    (due,) = linkedin_due([first, task], [_sent(first, monday)], PLAY, monday)
    assert due["due_at"] == datetime(2026, 11, 19, tzinfo=UTC)
    assert due["due_at"] <= monday + timedelta(days=3, seconds=-10), "due by Thursday's run, whatever its hour"


ROOMY = Limits(mailbox_daily_cap=1000, warmup_start=1000, warmup_increment=0, play_daily_cap=1000)


def test_a_step_waits_for_the_email_step_before_it():
    first, second, third = _draft(1), _draft(1, step=2, delay=3), _draft(1, step=3, delay=6)
    ledger = [_sent(first, NOW - timedelta(days=7))]
    plan = _plan([first, second, third], ledger, limits=ROOMY)
    assert _steps(plan) == [("c1@acme.example", 2)], "step 3's delay passed, but step 2 was never sent"
    one = Limits(mailbox_daily_cap=1000, warmup_start=1000, warmup_increment=0, play_daily_cap=1)
    assert _steps(_plan([first, second, third], ledger, limits=one)) == [("c1@acme.example", 2)]


def test_after_a_pause_the_steps_go_one_by_one_keeping_their_spacing():
    """Delays 3 and 6 from the first email; out of office until day 8: step 2 on day 8, step 3 three days later."""
    start = NOW - timedelta(days=8)
    drafts = [_draft(1), _draft(1, step=2, delay=3), _draft(1, step=3, delay=6)]
    holds = {"c1@acme.example": Hold("pause", NOW.date(), "out of office")}
    ledger = [_sent(drafts[0], start)]
    assert _plan(drafts, ledger, holds=holds, limits=ROOMY, now=NOW - timedelta(days=2)).send == []
    assert _steps(_plan(drafts, ledger, holds=holds, limits=ROOMY)) == [("c1@acme.example", 2)]
    ledger.append(_sent(drafts[1], NOW))
    for days in (0, 1, 2):
        later = NOW + timedelta(days=days, hours=1)
        assert _plan(drafts, ledger, holds=holds, limits=ROOMY, now=later).send == [], f"day {8 + days}"
    assert _steps(_plan(drafts, ledger, holds=holds, limits=ROOMY, now=NOW + timedelta(days=3))) == [
        ("c1@acme.example", 3)]


def test_a_linkedin_step_between_two_emails_does_not_hold_the_second_email():
    first, task, second = _draft(1), _draft(1, step=2, channel="linkedin", delay=2), _draft(1, step=3, delay=5)
    ledger = [_sent(first, NOW - timedelta(days=5))]
    assert _steps(_plan([first, task, second], ledger)) == [("c1@acme.example", 3)]


def test_a_step_whose_previous_email_has_no_draft_to_send_waits():
    """Step 2 held back (a missing fact, or its text still waiting for the model): step 3 never jumps it."""
    first, third = _draft(1), _draft(1, step=3, delay=6)
    assert _plan([first, third], [_sent(first, NOW - timedelta(days=7))], limits=ROOMY).send == []
    ledger = [_sent(first, NOW - timedelta(days=7)), _sent(_draft(1, step=2), NOW - timedelta(days=3))]
    assert _steps(_plan([first, third], ledger, limits=ROOMY)) == [("c1@acme.example", 3)], "step 2 went earlier"


def test_one_contact_gets_at_most_one_step_a_run():
    first, second = _draft(1), _draft(1, step=2, delay=3)
    ledger = [_sent(first, NOW - timedelta(days=4))]
    plan = _plan([first, second], ledger, soft={("c1@acme.example", 1): 1}, limits=ROOMY)
    assert [(d["step"], d["send_key"]) for d in plan.send] == [(1, send_key(PLAY, "c1@acme.example", 1, 1))]
    assert plan.deferred == {"an earlier step goes first": 1}


def test_the_play_cap_counts_the_plays_sends_from_every_mailbox():
    ledger = [{**_sent(_draft(100 + i), NOW - timedelta(hours=1)), "mailbox": "old@outreach.example"}
              for i in range(2)]
    capped = Limits(mailbox_daily_cap=1000, warmup_start=1000, warmup_increment=0, play_daily_cap=2)
    plan = _plan([_draft(i) for i in range(5)], ledger, limits=capped)
    assert plan.send == [] and plan.deferred == {"daily cap reached": 5}


def test_the_play_cap_counts_follow_ups_too():
    ledger = [_sent(_draft(i), NOW - timedelta(days=5)) for i in range(3)]
    drafts = [_draft(i, step=2, delay=4) for i in range(3)] + [_draft(10 + i) for i in range(3)]
    capped = Limits(mailbox_daily_cap=1000, warmup_start=1000, warmup_increment=0, play_daily_cap=4)
    plan = _plan(drafts, ledger, limits=capped)
    assert len(plan.send) == 4 and plan.deferred == {"daily cap reached": 2}


def test_warmup_ramps_on_the_days_the_mailbox_sent_not_the_calendar():
    friday = datetime(2026, 11, 20, 9, tzinfo=UTC)
    ledger = [_sent(_draft(100 + i), friday) for i in range(20)]
    drafts = [_draft(i) for i in range(100)]
    monday = friday + timedelta(days=3)
    assert len(_plan(drafts, ledger, now=monday).send) == 25, "the second sending day, after a weekend"
    assert len(_plan(drafts, ledger, now=friday + timedelta(days=10)).send) == 25, "after ten idle days"
    ledger += [_sent(_draft(200 + i), monday) for i in range(25)]
    assert len(_plan(drafts, ledger, now=monday + timedelta(days=1)).send) == 30, "the third sending day"
    assert len(_plan(drafts, ledger, now=monday + timedelta(hours=3)).send) == 0, "today's sends do not ramp today"


def test_a_message_the_server_refused_at_one_spelling_does_not_stop_her_other_address():
    tagged = {**_draft(1), "draft_id": "tagged-1", "contact_email": "ann+crm@acme.example"}
    refused = {**_sent(tagged, NOW - timedelta(days=1)), "draft_id": "tagged-1", "status": "failed"}
    plain = {**_draft(1), "draft_id": "plain-1", "contact_email": "ann@acme.example"}
    assert [d["draft_id"] for d in _plan([plain], [refused]).send] == ["plain-1"], "550: it reached no one"


def test_her_follow_up_goes_once_her_first_step_reached_her_mailbox_under_another_spelling():
    tagged = {**_draft(1), "draft_id": "tagged-1", "contact_email": "ann+crm@acme.example"}
    went = {**_sent(tagged, NOW - timedelta(days=5)), "draft_id": "tagged-1"}
    drafts = [{**_draft(1), "draft_id": "plain-1", "contact_email": "ann@acme.example"},
              {**_draft(1, step=2, delay=3), "draft_id": "plain-2", "contact_email": "ann@acme.example"}]
    plan = _plan(drafts, [went])
    assert [d["draft_id"] for d in plan.duplicates] == ["plain-1"]
    assert [d["draft_id"] for d in plan.send] == ["plain-2"]


def test_drafts_the_server_deferred_go_after_the_others_and_still_go_when_there_is_room():
    drafts = [_draft(1, fit=0.9), _draft(2, fit=0.8), _draft(3, fit=0.1)]
    keys = [send_key(PLAY, d["contact_email"], 1) for d in drafts]
    two = Limits(mailbox_daily_cap=2, warmup_start=2, warmup_increment=0, play_daily_cap=2)
    assert [d["send_key"] for d in _plan(drafts, limits=two).send] == keys[:2]
    deferred = plan_sends(drafts, [], set(), {}, two, NOW, PLAY, MAILBOX, sending={},
                          deferrals={keys[0]: 2, keys[1]: 1})
    assert [d["send_key"] for d in deferred.send] == [keys[2], keys[1]]  # fewer deferrals first
    assert [d["send_key"] for d in plan_sends(drafts, [], set(), {}, LIMITS, NOW, PLAY, MAILBOX, sending={},
                                              deferrals={keys[0]: 2}).send] == [keys[1], keys[2], keys[0]]

"""Conversation rows from triaged messages: what triage left to a person, and who wrote each message."""

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from sdr_assets.domain import escalations as esc
from sdr_assets.domain.escalation_rows import build_rows
from sdr_assets.triage import classify_message
from sdr_assets.triage.result import MAY_ASK_TO_STOP as TRIAGE_OPTING_OUT
from tests.triage.helpers import make_message

NOW = datetime(2026, 11, 24, 15, tzinfo=UTC)
CONTACT = "ann.lee@acme.example"


def message(n: int, from_addr: str, kind: str = "human", label: str | None = "interested", *,
            needs_review: bool = False, contact: str | None = CONTACT, text: str = "Sounds good.",
            reason: str | None = None) -> dict:
    return {"message_id": f"<m{n}@x.example>", "kind": kind, "label": label, "sub_reason": None, "confidence": 0.9,
            "needs_review": needs_review, "play": "p" if contact else None, "contact_email": contact,
            "from_addr": from_addr, "received_at": NOW - timedelta(hours=10 - n), "subject": "Re: Hello",
            "visible_text": text, "referrals": "[]", "simulated": False, "reason": reason}


def rows_of(messages: list[dict]) -> tuple[dict[str, dict], list[dict]]:
    """The rows built from ``messages`` with nothing known of anyone, and the conversations answered."""
    asked: list[dict] = []
    context = {"enriched": {}, "angles": {}, "outbound": {}, "draft_names": {}, "domains": {}, "signal_types": {},
               "plays": {}, "logged": set(), "answered": set()}

    def answer(conversation: dict) -> str:
        asked.append(conversation)
        return f"Thanks {conversation['first_name']}."

    rows, _ = build_rows(pl.DataFrame(messages, infer_schema_length=None), pl.DataFrame(), context,
                         lambda conversations: [(answer(c), True) for c in conversations], NOW)
    return {r["thread_key"]: r for r in rows}, asked


def test_each_message_names_who_wrote_it_and_the_contact_stays_the_contact():
    rows, _ = rows_of([message(1, CONTACT, label="question"), message(2, "jane.doe@acme.example")])
    row = rows[f"p|{CONTACT}"]
    assert (row["contact_name"], row["from_addr"]) == ("Ann Lee", "jane.doe@acme.example")
    assert [m["name"] for m in json.loads(row["thread"])] == ["Ann Lee", "Jane Doe"]
    assert row["suggested_response"] == "Thanks Jane."


def test_a_message_triage_could_not_place_is_queued_for_review_without_an_answer():
    rows, asked = rows_of([
        message(1, "lee.park@elsewhere.example", "other", None, needs_review=True, contact=None,
                text="Do you also work with agencies?"),
        message(2, "fbl@mx.provider.example", "other", None, needs_review=True, text="",
                reason="feedback report: virus"),
        message(3, "postmaster@acme.example", "bounce", None, needs_review=True),
        message(4, "dmarc@provider.example", "other", None, reason="report"),
        message(5, CONTACT, "out_of_office", None),
    ])
    assert set(rows) == {"-|lee.park@elsewhere.example", f"p|{CONTACT}"}
    report = rows[f"p|{CONTACT}"]
    assert report["reply_count"] == 1, "the bounce, the aggregate report and the out-of-office stay out"
    assert report["reply_text"] == "[feedback report: virus]"
    assert [m["name"] for m in json.loads(report["thread"])] == [""], "a report's sender is not named"
    for row in rows.values():
        assert (row["label"], row["priority"], row["suggested_response"]) == ("review", esc.REVIEW_PRIORITY, "")
    assert asked == [], "nobody is answered before a person has read the message"


def test_a_person_replying_after_a_report_is_answered_by_name():
    rows, asked = rows_of([message(1, "fbl@mx.provider.example", "other", None, needs_review=True, text="",
                                   reason="feedback report: other"),
                           message(2, CONTACT, label="interested"), message(3, "abuse@mx.provider.example", "other",
                                                                            None, needs_review=True)])
    row = rows[f"p|{CONTACT}"]
    assert row["label"] == "interested" and row["suggested_response"] == "Thanks Ann."
    assert len(asked) == 1


@pytest.mark.parametrize("reason", esc.OPTING_OUT_REASONS)
def test_an_interested_thread_whose_later_reply_may_ask_to_stop_is_marked_and_not_answered(reason):
    """The reason triage gives now, and the one earlier versions stored."""
    assert esc.MAY_ASK_TO_STOP == TRIAGE_OPTING_OUT, "the queue knows triage's reason by its words"
    rows, asked = rows_of([message(1, CONTACT, label="interested"),
                           message(2, CONTACT, label="question", needs_review=True, reason=reason,
                                   text="Does your tool track unsubscribe rates?"),
                           message(3, "bo.kim@other.example", contact="bo.kim@other.example", label="interested")])
    flagged, plain = rows[f"p|{CONTACT}"], rows["p|bo.kim@other.example"]
    assert flagged["label"] == "interested", "the conversation keeps its most urgent label"
    assert (flagged["may_ask_to_stop"], flagged["suggested_response"]) == (True, "")
    assert (plain["may_ask_to_stop"], plain["suggested_response"]) == (False, "Thanks Bo.")
    assert [c["contact_email"] for c in asked] == ["bo.kim@other.example"]


@pytest.mark.parametrize("raw,escalates", [
    (make_message("Hello, a friend forwarded your email. Do you work with agencies?", reply=False,
                  subject="Agencies", from_addr="lee@elsewhere.example"), True),
    (make_message("Not interested, thanks."), False),
    (make_message("Please unsubscribe me from this list."), False),
    (make_message("Unsubscribe me. How did you get my email address?"), True),
    (make_message("Remove me and tell me what data you hold on me under GDPR"), True),
    (make_message("I am out of the office until Monday 10 June with no access to email.",
                  subject="Out of Office: Quick question", headers={"Auto-Submitted": "auto-replied"}), False),
])
def test_what_triage_settles_itself_stays_out_and_what_it_leaves_to_a_person_goes_in(raw, escalates):
    result = classify_message(raw)
    assert esc.escalates(result.kind, result.label, result.needs_review) is escalates, result


@pytest.mark.parametrize("kind", ["bounce", "delay", "complaint", "out_of_office", "auto_reply"])
def test_no_automatic_kind_escalates_or_joins_a_conversation_even_flagged(kind):
    assert not esc.escalates(kind, None, True) and not esc.in_conversation(kind, True)


def test_the_contact_writing_from_a_tagged_or_capitalised_address_is_greeted_as_herself():
    """Her own mailbox under a plus tag or other letters is her, not a colleague named by its
    local part: the answer greets 'Ann', never 'Ann.Lee+Sales', and the thread names her."""
    rows, asked = rows_of([message(1, "Ann.Lee+sales@ACME.example")])
    row = rows[f"p|{CONTACT}"]
    assert [m["name"] for m in json.loads(row["thread"])] == ["Ann Lee"]
    assert (asked[-1]["first_name"], row["suggested_response"]) == ("Ann", "Thanks Ann.")


def test_a_colleague_at_a_tagged_address_is_named_without_the_tag():
    rows, _ = rows_of([message(1, CONTACT, label="question"), message(2, "bo+eu@acme.example")])
    assert rows[f"p|{CONTACT}"]["suggested_response"] == "Thanks Bo."


def test_a_colleague_at_a_dotted_gmail_address_is_named_by_its_dots():
    # Gmail's dots are one mailbox, but they still part her names.
    rows, _ = rows_of([message(1, CONTACT, label="question"), message(2, "bo.kim+eu@gmail.com")])
    row = rows[f"p|{CONTACT}"]
    assert [m["name"] for m in json.loads(row["thread"])] == ["Ann Lee", "Bo Kim"]
    assert row["suggested_response"] == "Thanks Bo."


def test_answers_other_rules_wrote_are_written_again_unless_handled_and_one_left_waiting_is_asked_again():
    """A row whose answer other rules wrote is answered again; a handled one is not. An answer the
    model's budget left is stamped with no rules, so the next build asks again, and then no more."""
    other = "bo.kim@acme.example"
    messages = pl.DataFrame([message(1, CONTACT), message(2, other, contact=other)], infer_schema_length=None)
    context = {"enriched": {}, "angles": {}, "outbound": {}, "draft_names": {}, "domains": {}, "signal_types": {},
               "plays": {}, "logged": set(), "answered": set(), "answer_rules": "old"}
    first, events = build_rows(messages, pl.DataFrame(), context, lambda cs: [("Invented.", True) for _ in cs], NOW)
    handled = next(r["escalation_id"] for r in first if r["contact_email"] == other)
    # The first build's replies are logged, and then one of the conversations handled.
    logged = {(e["escalation_id"], e["message_id"]) for e in events}
    context.update(answer_rules="new", handled={handled}, logged=logged)
    asked: list[list[str]] = []

    def answer(final: bool):
        def write(conversations: list[dict]) -> list[tuple[str, bool]]:
            asked.append([c["escalation_id"] for c in conversations])
            return [("Grounded.", final) for _ in conversations]
        return write

    waiting, _ = build_rows(messages, pl.DataFrame(first), context, answer(False), NOW)
    done, _ = build_rows(messages, pl.DataFrame(waiting), context, answer(True), NOW)
    again, _ = build_rows(messages, pl.DataFrame(done), context, answer(True), NOW)
    opened = next(r["escalation_id"] for r in first if r["contact_email"] == CONTACT)
    assert asked == [[opened], [opened]]
    assert {r["escalation_id"]: (r["suggested_response"], r["answer_rules"]) for r in again} == {
        opened: ("Grounded.", "new"), handled: ("Invented.", "old")}


def test_a_hostile_opt_out_the_rule_took_asks_nobody_to_record_it():
    """Triage marks "unsubscribe me, you spammers" hostile for the monitor; the opt-out is recorded."""
    rows, _ = rows_of([message(1, CONTACT, label="interested"),
                       message(2, CONTACT, label="unsubscribe", reason=esc.HOSTILE,
                               text="Unsubscribe me, you spammers.")])
    assert rows[f"p|{CONTACT}"]["may_ask_to_stop"] is False


@pytest.mark.parametrize("reason,text", [(esc.HOSTILE, "Unsubscribe me, you spammers."),
                                         (None, "Please unsubscribe me.")])
def test_an_opt_out_on_a_queued_thread_gets_no_sales_answer(reason, text):
    """The contact was interested, then opted out (the rule took it): nobody drafts her an answer."""
    rows, asked = rows_of([message(1, CONTACT, label="interested"),
                           message(2, CONTACT, label="unsubscribe", reason=reason, text=text)])
    row = rows[f"p|{CONTACT}"]
    assert (row["label"], row["may_ask_to_stop"], row["suggested_response"]) == ("unsubscribe", False, "")
    assert asked == [], "the model is not asked to answer a withdrawal"


@pytest.mark.parametrize("label,reason", [("unsubscribe", esc.DATA_REQUEST), ("unsubscribe", esc.HOSTILE),
                                          ("question", esc.DATA_REQUEST)])
def test_a_data_request_is_queued_for_a_person_who_answers_it_and_the_model_never_does(label, reason):
    """"Unsubscribe me. What data do you hold on me?": the opt-out is recorded, nobody is asked to record it
    again, the row says a data request waits for an answer, and no answer is suggested."""
    request = {**message(2, CONTACT, label=label, needs_review=True, reason=reason,
                         text="Unsubscribe me. What data do you hold on me?"), "sub_reason": esc.DATA_REQUEST}
    rows, asked = rows_of([message(1, CONTACT, label="interested"), request])
    row = rows[f"p|{CONTACT}"]
    assert (row["sub_reason"], row["suggested_response"], row["may_ask_to_stop"]) == (esc.DATA_REQUEST, "", False)
    assert asked == [], "the model is not asked to answer a data request"


def test_a_data_request_stays_marked_after_a_claim_and_a_later_reply_until_handled():
    request = {**message(2, CONTACT, label="question", needs_review=True, reason=esc.DATA_REQUEST,
                         text="What data do you hold on me?"), "sub_reason": esc.DATA_REQUEST}
    context = {"enriched": {}, "angles": {}, "outbound": {}, "draft_names": {}, "domains": {}, "signal_types": {},
               "plays": {}, "logged": set(), "answered": set()}
    first, _ = build_rows(pl.DataFrame([request], infer_schema_length=None), pl.DataFrame(), context,
                          lambda cs: [("Thanks.", True) for _ in cs], NOW)
    escalation_id = first[0]["escalation_id"]
    context["answered"] = {(escalation_id, request["message_id"])}  # claimed or snoozed
    later = pl.DataFrame([request, message(3, CONTACT, label="question", text="Any news?")], infer_schema_length=None)
    rows, _ = build_rows(later, pl.DataFrame(first), context, lambda cs: [("Thanks.", True) for _ in cs], NOW)
    assert (rows[0]["sub_reason"], rows[0]["suggested_response"]) == (esc.DATA_REQUEST, "")


@pytest.mark.parametrize("received,due", [(datetime(2026, 11, 24, 9, tzinfo=UTC), "2026-12-24"),
                                          (datetime(2026, 12, 15, 23, tzinfo=UTC), "2027-01-15"),
                                          (datetime(2027, 1, 31, 8, tzinfo=UTC), "2027-02-28"),
                                          (datetime(2028, 1, 30, 8, tzinfo=UTC), "2028-02-29")])
def test_a_data_request_is_due_one_calendar_month_after_it_arrived(received, due):
    request = {**message(2, CONTACT, label="question", needs_review=True, reason=esc.DATA_REQUEST,
                         text="What data do you hold on me?"), "sub_reason": esc.DATA_REQUEST, "received_at": received}
    rows, _ = rows_of([message(1, CONTACT, label="interested"), request])
    assert str(rows[f"p|{CONTACT}"]["data_request_due"]) == due
    plain, _ = rows_of([message(1, CONTACT, label="interested")])
    assert plain[f"p|{CONTACT}"]["data_request_due"] is None, "a conversation with no request has no clock"


def test_a_request_is_overdue_only_past_its_month_and_never_once_handled():
    due = esc.answer_due(datetime(2026, 11, 24, 9, tzinfo=UTC))
    assert not esc.answer_overdue(due, "open", datetime(2026, 12, 24, 23, 59, tzinfo=UTC)), "its last day is in time"
    assert esc.answer_overdue(due, "claimed", datetime(2026, 12, 25, 0, 1, tzinfo=UTC))
    assert not esc.answer_overdue(due, "handled", datetime(2027, 3, 1, tzinfo=UTC))
    assert not esc.answer_overdue(None, "open", datetime(2027, 3, 1, tzinfo=UTC))


def test_a_hostile_objection_that_asks_for_her_data_keeps_the_mark_in_its_conversation():
    """"No budget, stop spamming me, and tell me where you got my address": triage keeps the objection's
    sub-reason and the hostile reason; the mark beside them makes the conversation a data request."""
    raw = make_message("No budget for this. Stop spamming me, and tell me where you got my address.")
    result = classify_message(raw, reply_labeller=lambda text: ("objection", "budget", 0.95))
    reply = {**message(2, CONTACT, label=result.label, needs_review=result.needs_review, reason=result.reason,
                       text=result.visible_text), "sub_reason": result.sub_reason, "data_request": result.data_request}
    rows, asked = rows_of([reply])
    row = rows[f"p|{CONTACT}"]
    assert (result.sub_reason, result.reason) == ("budget", esc.HOSTILE)
    assert (row["sub_reason"], row["suggested_response"], asked) == (esc.DATA_REQUEST, "", [])
    assert row["data_request_due"] is not None


def _request(n: int, **fields) -> dict:
    return {**message(n, CONTACT, label="question", needs_review=True, reason=esc.DATA_REQUEST,
                      text="What data do you hold on me?"), "sub_reason": esc.DATA_REQUEST, **fields}


def _build(messages: list[dict], existing: list[dict], now: datetime = NOW, **context) -> dict:
    base = {"enriched": {}, "angles": {}, "outbound": {}, "draft_names": {}, "domains": {}, "signal_types": {},
            "plays": {}, "logged": set(), "answered": set(), **context}
    rows, _ = build_rows(pl.DataFrame(messages, infer_schema_length=None), pl.DataFrame(existing), base,
                         lambda cs: [("Thanks.", True) for _ in cs], now)
    return rows[0]


def test_a_handled_request_has_no_clock_once_a_later_question_opens_the_conversation_again():
    """Answered 60 days ago and handled; "Any news on pricing?" opens it again: nothing is overdue."""
    request = _request(2, received_at=NOW - timedelta(days=60))
    first = _build([request], [], now=NOW - timedelta(days=59))
    handled = {(first["escalation_id"], request["message_id"])}
    later = message(3, CONTACT, label="question", text="Any news on pricing?")
    row = _build([request, later], [first], answered=handled, handled_replies=handled)
    assert (row["data_request_due"], row["sub_reason"]) == (None, None)
    # A request after the hand-off has its month again.
    again = _request(4, received_at=NOW - timedelta(hours=1))
    row = _build([request, later, again], [first], answered=handled, handled_replies=handled)
    assert (row["data_request_due"], row["sub_reason"]) == (esc.answer_due(NOW), esc.DATA_REQUEST)


def test_the_month_runs_from_when_we_received_the_request_in_the_teams_zone():
    fetched = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    # In Berlin, read with no Date, it arrived on 1 December.
    row = _build([_request(2, received_at=None, fetched_at=fetched)], [], zone=ZoneInfo("Europe/Berlin"))
    assert str(row["data_request_due"]) == "2027-01-01"
    assert not esc.answer_overdue(row["data_request_due"], "open", datetime(2027, 1, 1, 22, 30, tzinfo=UTC),
                                  ZoneInfo("Europe/Berlin"))
    assert esc.answer_overdue(row["data_request_due"], "open", datetime(2027, 1, 1, 22, 30, tzinfo=UTC),
                              ZoneInfo("Asia/Tokyo"))


def test_a_request_read_late_from_the_mailbox_is_due_a_month_after_it_arrived_not_after_it_was_read():
    """Fetched 10 days after its Date (``sdr`` was not running): the month ran from its Date."""
    dated = datetime(2026, 11, 14, 9, tzinfo=UTC)
    row = _build([_request(2, received_at=dated, fetched_at=dated + timedelta(days=10))], [])
    assert str(row["data_request_due"]) == "2026-12-14"


def test_a_request_with_no_date_is_due_a_month_after_it_was_escalated_not_a_month_after_each_run():
    undated = _request(2, received_at=None)
    first = _build([undated], [], now=NOW - timedelta(days=40))
    later = _build([undated], [first], now=NOW)
    assert first["data_request_due"] == later["data_request_due"] == esc.answer_due(NOW - timedelta(days=40))
    assert esc.answer_overdue(later["data_request_due"], "open", NOW)


def test_an_automatic_notice_that_the_contact_left_gets_no_answer_but_its_successor_is_proposed():
    """Nobody reads the mailbox of a contact who left: her auto-reply is not thanked for pointing us on, and
    the person accepts the successor it names as a referral instead."""
    notice = classify_message(make_message("Ann Lee no longer works at Acme. Please contact bob@acme.example.",
                                           subject="Automatic reply: Hello",
                                           headers={"Auto-Submitted": "auto-replied"}))
    assert (notice.kind, notice.label) == ("human", "wrong_person")
    rows, asked = rows_of([{**message(1, CONTACT, label=notice.label, text=notice.visible_text, reason=notice.reason),
                            "referrals": json.dumps(notice.referrals)}])
    row = rows[f"p|{CONTACT}"]
    assert row["proposed_contacts"] == "bob@acme.example"
    assert (row["suggested_response"], asked) == ("", [])

"""Which replies stop or pause a contact's sequence, and until when."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import polars as pl

from sdr_assets.domain.holds import holds_from

NOW = datetime(2026, 11, 21, 9, tzinfo=UTC)
ANN = "ann.lee@acme.example"


def _reply(kind: str, label: str | None = None, received_at: datetime | None = NOW, hard: bool | None = None,
           contact: str | None = ANN, sender: str = ANN, message_id: str = "<r1@reply.example>") -> dict:
    return {"received_at": received_at, "contact_email": contact, "from_addr": sender, "kind": kind, "label": label,
            "hard": hard, "return_date": None, "message_id": message_id, "optout_targets": "[]"}


def _holds(*replies: dict) -> dict[str, dict]:
    frame = pl.DataFrame(list(replies), schema={"received_at": pl.Datetime("us", "UTC"), "contact_email": pl.String,
                                                "from_addr": pl.String, "kind": pl.String, "label": pl.String,
                                                "hard": pl.Boolean, "return_date": pl.Date, "message_id": pl.String,
                                                "optout_targets": pl.String})
    return {r["email"]: r for r in holds_from(frame, NOW).iter_rows(named=True)}


def test_a_human_reply_stops_and_an_automatic_one_pauses():
    assert _holds(_reply("human", "not_interested"))[ANN]["hold"] == "stop"
    assert _holds(_reply("out_of_office"))[ANN] | {"source_message_id": None} == {
        "email": ANN, "hold": "pause", "until": date(2026, 11, 29), "reason": "out of office", "source_message_id": None}
    assert _holds(_reply("bounce", hard=False))[ANN]["until"] == date(2026, 11, 23)


def test_pauses_count_from_the_utc_day_the_reply_arrived_whatever_its_zone():
    # 23:30 UTC on 20 November is 13:30 on 21 November at UTC+14: the pause counts from the 20th.
    late = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
    frame = pl.DataFrame([_reply("bounce", hard=False, received_at=late)]).with_columns(
        pl.col("received_at").dt.convert_time_zone("Pacific/Kiritimati"))
    assert holds_from(frame, NOW)["until"].to_list() == [date(2026, 11, 22)]
    local_now = datetime(2026, 11, 21, 12, tzinfo=UTC).astimezone(ZoneInfo("Pacific/Kiritimati"))  # the 22nd there
    undated = pl.DataFrame([_reply("bounce", hard=False, received_at=None)],
                           schema_overrides={"received_at": pl.Datetime("us", "UTC")})
    assert holds_from(undated, local_now)["until"].to_list() == [date(2026, 11, 23)]


def test_an_unsubscribe_that_does_not_suppress_the_contact_stops_her_sequence_until_a_person_decides():
    manager = "office.manager@acme.example"
    asked_for_her = _reply("human", "unsubscribe", sender=manager) | {"optout_targets": f'["{manager}"]'}
    assert _holds(asked_for_her)[ANN] | {"source_message_id": None} == {
        "email": ANN, "hold": "stop", "until": None, "reason": "replied: unsubscribe, awaiting review",
        "source_message_id": None}
    # Her own opt-out, in any spelling or with her token, suppresses her: the suppression covers it.
    for targets in ('["ann.lee+news@acme.example"]', f'["{manager}", "ANN.LEE@acme.example"]'):
        assert _holds(_reply("human", "unsubscribe") | {"optout_targets": targets}) == {}
    # One on no thread of ours suppresses its sender; there is no sequence of a contact to stop.
    assert _holds(_reply("human", "unsubscribe", contact=None, sender=manager)
                  | {"optout_targets": f'["{manager}"]'}) == {}

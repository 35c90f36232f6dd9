"""What `sdr status` prints: a play that sends nothing is not shown as sending, and a conversation
whose contact may no longer be mailed is counted to close, not late; first emails that wait for fresh
research are told apart from those that wait for a later day's allowance."""

import re
from pathlib import Path

from sdr_assets.cli_summary import _data_requests, _plays_table, _print_gate, _print_handoff, _print_notes, _reply_rate
from sdr_assets.domain.stats import wilson

ROOT = Path(__file__).resolve().parents[1]


def _play(name: str, **held) -> dict:
    return {"play": name, "version": "abc123", "status": "approved", "approved_by": "Dana Whitfield",
            "segment_pauses": [], "stop_request": None, "sender_paused": None, **held}


def test_an_approved_play_the_guard_or_a_stop_request_holds_is_shown_waiting_not_sending():
    result = {"plays": [_play("sending"), _play("guarded", sender_paused="mailbox a@x.example: 0.4 % complaints"),
                        _play("stopped", stop_request="Dana Whitfield asked to revoke the play")],
              "sends_by_play": {}, "meetings": {"by_play": {}}}
    table = _plays_table(result)
    status = {str(play): (str(cell), cell.style) for play, cell in zip(table.columns[0].cells, table.columns[2].cells,
                                                                       strict=True)}
    assert status == {"sending": ("approved", "green"),
                      "guarded": ("approved, not sending", "yellow"),
                      "stopped": ("approved, not sending", "yellow")}, status


def test_only_an_approved_play_nothing_holds_counts_as_approved_in_the_gate_line(capsys):
    segment = {"segment": "fintech", "reason": "3 complaints", "paused_at": "2026-11-27", "message_ids": []}
    plays = [_play("sending"), _play("segment-paused", segment_pauses=[segment]),
             _play("guarded", sender_paused="mailbox a@x.example: 0.4 % complaints"),
             _play("stopped", stop_request="Dana Whitfield asked to revoke the play")]
    _print_gate({"plays": plays, "pending_plays": [], "paused_plays": ["guarded", "stopped"]})
    assert "Plays approved: 2," in capsys.readouterr().out, "a paused segment holds only its own contacts"


def test_conversations_to_close_are_printed_apart_from_the_late_ones(capsys):
    queue = {"open": 1, "claimed": 0, "snoozed": 0, "handled": 0, "over_sla": 0, "oldest_waiting": None,
             "to_close": 1}
    _print_handoff({"escalation_queue": queue, "meetings": {"total": 0, "by_play": {}}})
    printed = " ".join(capsys.readouterr().out.split())
    assert "0 past the service level" in printed and "Oldest waiting" not in printed
    assert "To close: 1 whose contact may no longer be mailed" in printed, printed


def test_first_emails_waiting_for_fresh_research_are_told_apart_with_the_run_that_refreshes_it(capsys):
    fresh = {"messages": 3, "first_emails": 2, "past_trigger_window": 2, "just_no_longer_holds": 1, "signal_gone": 0}
    _print_notes({"first_emails_waiting": {"a": 5, "b": 4}, "fresh_research_command": "sdr run",
                  "waiting_for_fresh_research": {"a": fresh, "b": {**fresh, **dict.fromkeys(fresh, 0)}}})
    printed = " ".join(capsys.readouterr().out.split())
    assert "(mailbox warm-up, daily caps, holds): 7 " in printed, printed
    assert "Waiting for fresh research: 3 message(s)" in printed and " b: " not in printed, printed
    assert ("a: 3 (2 first email(s) whose signal is past the play's trigger window, 1 whose \"just\" no longer "
            "holds)") in printed, printed
    assert printed.endswith("or run it now: sdr run"), printed


def _sends(delivered: int, replies: int) -> dict:
    """A play's counts as ``ledger_counts`` gives them."""
    low, high = wilson(replies, delivered)
    return {"sent": delivered, "delivered": delivered, "bounces": 0, "human_replies": replies,
            "reply_rate": round(replies / delivered, 4) if delivered else None,
            "reply_rate_low": low, "reply_rate_high": high}


def test_each_plays_reply_rate_is_shown_with_its_95_percent_interval():
    """Two plays' reply rates side by side are compared: each comes with its Wilson interval, so
    27.8 % against 30.0 % over twenty emails reads as the tie it is. No delivered email, no rate."""
    result = {"plays": [_play("revops"), _play("series-b"), _play("pending", status="pending")],
              "sends_by_play": {"revops": {**_sends(18, 5), "sent": 20, "bounces": 2}, "series-b": _sends(20, 6)},
              "meetings": {"by_play": {}}}
    table = _plays_table(result)
    rates = {str(play): str(rate) for play, rate in zip(table.columns[0].cells, table.columns[7].cells, strict=True)}
    assert rates == {"revops": "27.8% (12–51%)", "series-b": "30.0% (14–52%)", "pending": ""}, rates
    assert f"`{rates['revops']}`" in (ROOT / "README.md").read_text(), "the README quotes the status as it prints"


def test_the_interval_printed_holds_the_rate_printed_beside_it():
    """18 replies in 2000 is 0.9 %, inside its interval 0.57–1.42 %: its bounds are rounded outwards
    to whole percents (0–2 %), never both to 1 %, a range that leaves the rate out."""
    assert _reply_rate(_sends(2000, 18)) == "0.9% (0–2%)"
    for delivered, replies in ((2000, 18), (20, 6), (18, 5), (7, 0), (7, 7), (1000, 999), (3, 1)):
        cell = _reply_rate(_sends(delivered, replies))
        rate, low, high = (float(x) for x in re.fullmatch(r"(\S+)% \((\d+)–(\d+)%\)", cell).groups())
        assert low <= rate <= high, cell
    bounds = {"reply_rate": 0.06, "reply_rate_low": 0.05, "reply_rate_high": 0.07}
    assert _reply_rate(bounds) == "6.0% (5–7%)", "a bound on a whole percent is that percent, float noise aside"


def test_data_requests_are_counted_and_only_those_past_their_month_are_red(capsys):
    queue = {"open": 2, "claimed": 0, "snoozed": 0, "handled": 0, "over_sla": 0, "oldest_waiting": None,
             "to_close": 0, "data_requests_open": 2, "data_requests_overdue": 0}
    _print_handoff({"escalation_queue": queue, "meetings": {"total": 0, "by_play": {}}})
    printed = " ".join(capsys.readouterr().out.split())
    assert "Data requests to answer: 2, each within a month" in printed and "none past it" in printed, printed
    assert "\x1b[31m" not in _data_requests(2, 0), "a request inside its month only waits"
    assert "\x1b[31m1 past their month" in _data_requests(2, 1)
    _print_handoff({"escalation_queue": {**queue, "data_requests_open": 0}, "meetings": {"total": 0, "by_play": {}}})
    assert "Data requests" not in capsys.readouterr().out

"""What `sdr status` prints: a conversation whose contact may no longer be mailed is counted to close,
not late."""

from sdr_assets.cli_summary import _print_handoff


def test_conversations_to_close_are_printed_apart_from_the_late_ones(capsys):
    queue = {"open": 1, "claimed": 0, "snoozed": 0, "handled": 0, "over_sla": 0, "oldest_waiting": None,
             "to_close": 1}
    _print_handoff({"escalation_queue": queue, "meetings": {"total": 0, "by_play": {}}})
    printed = " ".join(capsys.readouterr().out.split())
    assert "0 past the service level" in printed and "Oldest waiting" not in printed
    assert "To close: 1 whose contact may no longer be mailed" in printed, printed

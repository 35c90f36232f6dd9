"""A rejected or revoked play sends nothing more: `sdr plays show` warns of its sender no more than
`sdr status` does, while an approved or pending play's sender is still warned of."""

from tests.optouts.test_sender_routes import _session, _world


def test_plays_show_warns_of_no_sender_of_a_rejected_play(tmp_path):
    _world(tmp_path)
    (rejected, shown, other, status), _ = _session(tmp_path, [
        ["reject", "series-b-funding", "--by", "Dana Whitfield", "--note", "wrong angle"],
        ["plays", "show", "series-b-funding"], ["plays", "show", "revops-hiring"], ["status"]])
    assert rejected.exit_code == 0, rejected.output
    assert shown.exit_code == 0 and "warning: mail to" not in shown.output, shown.output
    assert "jordan@outreach.example" not in status.output, status.output
    assert "warning: mail to sam@outreach.example (the sender of revops-hiring)" in other.output, other.output

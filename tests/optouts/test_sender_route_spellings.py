"""A play's sender that is the replies mailbox's login in another spelling (its domain in ASCII, its
case changed) needs no probe: `sdr status` warns of no such sender."""

from tests.optouts.test_sender_routes import PROBE, _session, _world


def test_a_sender_that_is_the_login_in_its_ascii_spelling_needs_no_probe(tmp_path):
    _world(tmp_path, **{"series-b-funding": "jordan@bücher.example"})
    (status, probe), handler = _session(tmp_path, [["status"], PROBE], user="Jordan@xn--bcher-kva.example")
    assert status.exit_code == 0, status.output
    assert "jordan@bücher.example" not in status.output, status.output
    assert "Mail to jordan@bücher.example (the sender of series-b-funding) needs no probe" in probe.output
    assert not any("bücher" in r or "xn--" in r for d in handler.delivered for r in d["rcpt_tos"])

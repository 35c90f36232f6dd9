"""The send-path benchmark sends real, verifiable messages and times every piece of the path."""

from pathlib import Path

import dkim

from resources.dkim import dns_record
from sdr_assets.send_bench import PIECES, main, measure, measure_batch


def test_every_piece_is_timed_and_every_message_is_delivered_signed(tmp_path: Path):
    out = measure(4, tmp_path)
    assert out["delivered"] == 4
    assert list(out["ms_per_message"]) == list(PIECES)
    assert all(ms > 0 for ms in out["ms_per_message"].values()), out
    assert out["total_ms_per_message"] == round(sum(out["ms_per_message"].values()), 4)
    assert out["gate_query_alone_ms"] > 0
    record = dns_record(tmp_path / "dkim" / "bench.private.pem", "sdr", "outreach.example").value.encode()
    sent = sorted((tmp_path / "outbox" / "new").iterdir())
    assert len(sent) == 5, "the four timed messages and the one that warmed the path up"
    assert all(dkim.verify(p.read_bytes(), dnsfunc=lambda name, timeout=5: record) for p in sent)
    assert not any((tmp_path / "outbox" / "tmp").iterdir()), "no delivery left a half-written file"


def test_the_command_prints_each_piece(capsys):
    main(["--messages", "2"])
    printed = capsys.readouterr().out
    assert "2 messages (2 in the maildir)" in printed
    assert all(piece in printed for piece in PIECES)
    assert "the gate's query repeated on its own" in printed


def test_the_batch_mode_times_the_send_loop_over_signed_deliveries(tmp_path: Path):
    out = measure_batch(5, tmp_path)
    assert out["messages"] == out["sent"] == out["delivered"] == 5
    assert out["wall_ms_per_message"] > 0 and out["cpu_ms_per_message"] > 0
    record = dns_record(tmp_path / "dkim" / "bench.private.pem", "sdr", "outreach.example").value.encode()
    sent = sorted((tmp_path / "outbox" / "new").iterdir())
    assert len({p.read_bytes() for p in sent}) == 5
    assert all(dkim.verify(p.read_bytes(), dnsfunc=lambda name, timeout=5: record) for p in sent)
    assert not any((tmp_path / "outbox" / "tmp").iterdir()), "every staged message was linked"


def test_the_batch_command_prints_its_figures(capsys):
    main(["--batch", "--messages", "3"])
    assert "send loop, 3 messages (3 sent, 3 in the maildir)" in capsys.readouterr().out

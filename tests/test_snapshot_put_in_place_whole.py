"""The notebooks' Parquet snapshot is replaced whole: a run interrupted while it rewrites a table's copy
(Ctrl-C, SIGTERM, a full disk) leaves the last whole copy, which the notebooks go on reading, and nothing
beside it; a notebook opened while a run rewrites never reads half a file."""

from pathlib import Path

import polars as pl
import pytest

from resources.defaults import build_resources
from sdr_assets.analytics import analytics_snapshot
from sdr_assets.incremental import LayerConfig, merge_rows
from sdr_assets.notebook_support import load_snapshot
from sdr_assets.replies import CLASSIFICATION_SCHEMA
from tests.conftest import environ_for
from tests.escalation_desk import reply
from tests.interrupt_sweep import held_as_in_a_step
from tests.openings import REVOPS, revops_sent
from tests.send_world import _body
from tests.sweep_worlds import NOW

REAL_WRITE = pl.DataFrame.write_parquet


def _interrupted_half_way(self, file, *args, **kwargs):
    """The writer as it is when interrupted: half of the file's bytes where it writes, then the interrupt."""
    import io

    buffer = io.BytesIO()
    REAL_WRITE(self, buffer, *args, **kwargs)
    data = buffer.getvalue()
    if isinstance(file, (str, Path)):
        with open(file, "wb") as fh:
            fh.write(data[: len(data) // 2])
    else:
        file.write(data[: len(data) // 2])
    raise KeyboardInterrupt


def test_an_interrupted_snapshot_leaves_the_last_whole_copy_for_the_notebooks(openings, tmp_path, monkeypatch):
    root = openings.copy(revops_sent, tmp_path / "w")
    r = build_resources(environ_for(root))
    exports = Path(r["paths"].exports)
    before = load_snapshot(exports)
    assert "send_ledger" in before and "reply_classifications" in before, "precondition: a whole snapshot"
    files_before = sorted(p.name for p in exports.iterdir())

    # A reply arrives; the next run's snapshot rewrites the replies' copy and is interrupted doing it.
    with r["warehouse"].connect() as con:
        (send_key, contact), = con.execute("select send_key, contact_email from send_ledger where play = ? "
                                           "order by send_key limit 1", [REVOPS]).fetchall()
        row = reply("<interested@acme.example>", "Sounds good, let's talk.", "interested", NOW, contact=contact,
                    sender=contact, play=REVOPS, send_key=send_key)
        merge_rows(con, "reply_classifications", pl.DataFrame([row], schema=CLASSIFICATION_SCHEMA), ["message_id"])
    monkeypatch.setattr(pl.DataFrame, "write_parquet", _interrupted_half_way)
    with pytest.raises(KeyboardInterrupt), held_as_in_a_step(r["warehouse"]):
        _body(analytics_snapshot)(config=LayerConfig(), warehouse=r["warehouse"], paths=r["paths"])
    monkeypatch.undo()

    try:
        after = load_snapshot(exports)
    except Exception as exc:  # what the analyst's notebook shows
        pytest.fail(f"the notebooks can no longer read the snapshot after an interrupted run: "
                    f"{type(exc).__name__}: {str(exc)[:200]}")
    for table, frame in before.items():
        assert after[table].equals(frame), f"{table}.parquet is not the last whole copy"
    assert sorted(p.name for p in exports.iterdir()) == files_before, "nothing is left beside the snapshot"

    # The next run puts the new copy in place.
    with held_as_in_a_step(r["warehouse"]):
        _body(analytics_snapshot)(config=LayerConfig(), warehouse=r["warehouse"], paths=r["paths"])
    assert load_snapshot(exports)["reply_classifications"].height == before["reply_classifications"].height + 1

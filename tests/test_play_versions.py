"""The play_versions table: rewritten when a play changes, left as it is on an unchanged re-run."""

from pathlib import Path

import dagster as dg
import polars as pl

from resources.tables import holds_rows, rewrite_rows
from sdr_assets.plays import play_versions


def _rows(resources) -> list[tuple]:
    with resources["warehouse"].connect() as con:
        return sorted(con.execute("select play, version_hash, daily_cap from play_versions").fetchall())


def test_an_unchanged_rerun_writes_nothing_and_an_edited_play_rewrites_the_table(resources, instance, monkeypatch):
    import sdr_assets.plays as plays

    writes = []
    monkeypatch.setattr(plays, "rewrite_rows", lambda con, table, frame: writes.append(table) or
                        rewrite_rows(con, table, frame))
    assert dg.materialize([play_versions], resources=resources, instance=instance).success
    rows = _rows(resources)
    assert writes == ["play_versions"]
    assert dg.materialize([play_versions], resources=resources, instance=instance).success
    assert writes == ["play_versions"], "unchanged plays: the table is not dropped and written again"
    assert _rows(resources) == rows
    play = Path(resources["paths"].plays_dir) / "revops-hiring.yaml"
    text = play.read_text()
    cap = next(line for line in text.splitlines() if line.startswith("daily_cap:"))
    play.write_text(text.replace(cap, "daily_cap: 7"))
    assert dg.materialize([play_versions], resources=resources, instance=instance).success
    assert writes == ["play_versions"] * 2
    assert ("revops-hiring", 7) in {(p, c) for p, _, c in _rows(resources)}


def test_holds_rows_compares_columns_types_and_rows_in_any_order(resources):
    frame = pl.DataFrame({"play": ["a", "b"], "cap": [1, None]})
    with resources["warehouse"].connect() as con:
        assert not holds_rows(con, "t_rows", frame)
        con.execute("create table t_rows (play varchar, cap bigint)")
        con.execute("insert into t_rows values ('b', null), ('a', 1)")
        assert holds_rows(con, "t_rows", frame)
        assert not holds_rows(con, "t_rows", frame.with_columns(cap=pl.Series([1, 2])))
        assert not holds_rows(con, "t_rows", frame.with_columns(cap=pl.col("cap").cast(pl.Int32)))
        assert not holds_rows(con, "t_rows", frame.head(1))
        assert not holds_rows(con, "t_rows", frame.with_columns(note=pl.lit("x")))

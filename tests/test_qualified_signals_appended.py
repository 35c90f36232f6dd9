"""Qualified signals after a new signal file: only the rows stored since the last build are judged,
and the table ends as a whole rebuild writes it."""

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg

from resources.defaults import build_resources
from sdr_assets.signals import qualified_signals, raw_signals

PLAYS = Path(__file__).resolve().parent.parent / "data" / "plays"
NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
ASSETS = [raw_signals, qualified_signals]


def _signal(i: int, signal_type: str = "hiring", **extra) -> dict:
    return {"signal_id": f"s{i}", "company_domain": f"acme{i}.example", "signal_type": signal_type,
            "detail": f"Acme {i} is hiring a Head of Revenue Operations", "observed_at": "2026-11-18T08:00:00Z",
            "source": "jobs-feed", "attributes": {"role": "Head of Revenue Operations"}, **extra}


def _write(inbox: Path, name: str, signals: list[dict]) -> None:
    (inbox / name).write_text("".join(json.dumps(s) + "\n" for s in signals))


def _resources(root: Path, now: datetime = NOW) -> dict:
    return build_resources({"SDR_DATA_DIR": str(root), "SDR_NOW": now.isoformat(),
                            "SDR_SIGNAL_FILE_SETTLE_SECONDS": "0"})


def _run(root: Path, instance, now: datetime = NOW, full_refresh: bool = False) -> dict:
    config = {"ops": {"qualified_signals": {"config": {"full_refresh": True}}}} if full_refresh else None
    result = dg.materialize(ASSETS, resources=_resources(root, now), instance=instance, run_config=config)
    event = next(e for e in result.get_asset_materialization_events() if e.asset_key.path[-1] == "qualified_signals")
    return {k: v.value for k, v in event.materialization.metadata.items()}


def _table(root: Path) -> list[tuple]:
    with _resources(root)["warehouse"].connect() as con:
        return con.execute("select * from qualified_signals").fetchall()


def _inbox(root: Path) -> Path:
    shutil.copytree(PLAYS, root / "plays")
    inbox = root / "inbox" / "signals"
    inbox.mkdir(parents=True)
    return inbox


def test_a_new_signal_file_has_only_its_rows_qualified_and_the_table_ends_as_a_rebuild_writes_it(tmp_path, instance):
    inbox = _inbox(tmp_path)
    _write(inbox, "a.jsonl", [_signal(i) for i in range(1, 7)])
    first = _run(tmp_path, instance)
    assert first["rebuilt"] == "yes" and first["signals_read"] == 6

    _write(inbox, "b.jsonl", [_signal(7), _signal(8, observed_at="2026-11-19T08:00:00Z")])
    later = _run(tmp_path, instance, NOW + timedelta(hours=1))

    assert later["signals_read"] == 2
    assert later["rebuilt"].startswith("in part")
    assert later["dagster/row_count"] == len(_table(tmp_path))
    merged = _table(tmp_path)
    assert {r[1] for r in merged} >= {"s7", "s8"}
    whole = _run(tmp_path, instance, NOW + timedelta(hours=1), full_refresh=True)
    assert whole["rebuilt"] == "yes" and whole["signals_read"] == 8
    assert _table(tmp_path) == merged


def test_a_stored_signal_changed_since_the_last_build_has_every_row_judged_again(tmp_path, instance):
    inbox = _inbox(tmp_path)
    _write(inbox, "a.jsonl", [_signal(i) for i in range(1, 4)])
    _run(tmp_path, instance)
    with _resources(tmp_path)["warehouse"].connect() as con:  # a stored row edited, as a correction does
        con.execute("update raw_signals set detail = 'Acme 1 is hiring a RevOps lead' where signal_id = 's1'")

    _write(inbox, "b.jsonl", [_signal(4)])
    later = _run(tmp_path, instance, NOW + timedelta(hours=1))

    assert later["rebuilt"] == "yes" and later["signals_read"] == 4
    details = {r[1]: r[4] for r in _table(tmp_path)}
    assert details["s1"] == "Acme 1 is hiring a RevOps lead" and "s4" in details


def test_new_rows_under_changed_trigger_rules_have_every_row_judged_again(tmp_path, instance, monkeypatch):
    import sdr_assets.signals as signals

    inbox = _inbox(tmp_path)
    _write(inbox, "a.jsonl", [_signal(i) for i in range(1, 4)])
    _run(tmp_path, instance)
    digest = signals.conditions_digest
    monkeypatch.setattr(signals, "conditions_digest", lambda triggers: "other rules:" + digest(triggers))

    _write(inbox, "b.jsonl", [_signal(4)])
    later = _run(tmp_path, instance, NOW + timedelta(hours=1))

    assert later["rebuilt"] == "yes" and later["signals_read"] == 4

"""The trigger answers kept for signal attributes stay bounded while new files are only appended: once
they hold more than twice what the last whole build of ``qualified_signals`` kept, the next build is
whole and keeps only the texts of the signals still in the triggers' windows."""

from datetime import timedelta

from tests.test_qualified_signals_appended import NOW, _inbox, _resources, _run, _write


def _funding(i: int, when) -> dict:
    """A Seed round: no play's trigger takes it, so no qualified row ever ages out to force a rebuild."""
    return {"signal_id": f"f{i}", "company_domain": f"seed{i}.example", "signal_type": "funding",
            "detail": f"Seed{i} raised a seed round", "observed_at": when.isoformat().replace("+00:00", "Z"),
            "source": "funding-feed", "attributes": {"round": "Seed", "amount_usd": 1000000 + i}}


def _kept(root) -> int:
    with _resources(root)["warehouse"].connect() as con:
        return con.execute("select count(*) from trigger_attribute_verdicts").fetchone()[0]


def test_kept_answers_stay_within_twice_the_last_whole_builds_while_files_are_appended(tmp_path, instance):
    inbox = _inbox(tmp_path)
    _write(inbox, "f0.jsonl", [_funding(0, NOW - timedelta(days=1)), _funding(1, NOW - timedelta(days=1))])
    assert _run(tmp_path, instance)["rebuilt"] == "yes"
    assert _kept(tmp_path) == 2

    sizes, builds = [], []
    for month in range(1, 7):  # a file a month: each month's seed rounds leave the 21-day window
        now = NOW + timedelta(days=30 * month)
        day = now - timedelta(days=1)
        _write(inbox, f"f{month}.jsonl", [_funding(2 * month, day), _funding(2 * month + 1, day)])
        meta = _run(tmp_path, instance, now)
        assert meta["dagster/row_count"] == 0
        sizes.append(_kept(tmp_path))
        builds.append(meta["rebuilt"].split(":")[0])

    assert max(sizes) <= 6, sizes
    assert builds.count("yes") < len(builds), builds  # the files between whole builds are appended

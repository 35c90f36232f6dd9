"""An unchanged re-run leaves the monitor, the analytics and the suppression log as they were, and
does not compute them again; anything new they read, the clock past a reading, or a full rebuild
makes them compute again."""

from datetime import datetime, timedelta
from pathlib import Path

import dagster as dg
import pytest

from resources.defaults import build_resources
from sdr_assets.domain.escalations import HOSTILE
from sdr_assets.monitoring import play_monitor
from sdr_assets.optouts import suppression_events, suppression_list
from sdr_assets.performance import outreach_funnel, reply_performance
from sdr_assets.replies import raw_replies, reply_classifications
from tests.replies import reply_to

ANALYSES = [play_monitor, reply_performance, outreach_funnel]
TABLES = ("monitor_readings", "monitor_pauses", "reply_performance", "outreach_funnel")


def _materialize(assets, resources, instance, full_refresh: bool = False) -> dict[str, dict]:
    run_config = {"ops": {a.node_def.name: {"config": {"full_refresh": True}} for a in assets
                          if a in ANALYSES}} if full_refresh else None
    result = dg.materialize(assets, resources=resources, instance=instance, run_config=run_config)
    assert result.success
    return {e.asset_key.path[-1]: {k: v.value for k, v in e.materialization.metadata.items()}
            for e in result.get_asset_materialization_events()}


def _tables(resources) -> dict[str, list[tuple]]:
    with resources["warehouse"].connect() as con:
        return {t: sorted(map(repr, con.execute(f"select * from {t}").fetchall())) for t in TABLES}


def _reply(resources, body: str) -> None:
    """A reply from the first contact revops-hiring mailed, delivered to the inbox."""
    with resources["warehouse"].connect() as con:
        cursor = con.execute("select * from send_ledger where status = 'sent' order by send_key limit 1")
        sent = dict(zip([c[0] for c in cursor.description], cursor.fetchone()))
    inbox = Path(resources["mailbox"].path)
    for sub in ("new", "cur", "tmp"):
        (inbox / sub).mkdir(parents=True, exist_ok=True)
    at = resources["policy"].now() - timedelta(minutes=5)
    (inbox / "new" / f"reply-{sent['send_key']}.eml").write_bytes(reply_to(sent, body, at).as_bytes())


@pytest.mark.opening("revops_sent")
def test_unchanged_inputs_leave_the_monitor_and_analytics_as_they_were_without_computing_them(
        resources, instance):
    before = _tables(resources)

    meta = _materialize(ANALYSES, resources, instance)

    assert meta["monitor_readings"]["reread"].startswith("no:")
    assert meta["monitor_pauses"]["recorded_now"] == 0
    assert meta["reply_performance"]["rebuilt"].startswith("no:")
    assert meta["outreach_funnel"]["rebuilt"].startswith("no:")
    assert meta["reply_performance"]["dagster/row_count"] == len(before["reply_performance"]) > 0
    assert _tables(resources) == before

    forced = _materialize(ANALYSES, resources, instance, full_refresh=True)
    assert forced["monitor_readings"]["reread"] == "yes"
    assert forced["reply_performance"]["rebuilt"] == forced["outreach_funnel"]["rebuilt"] == "yes"
    after = _tables(resources)
    assert after["reply_performance"] == before["reply_performance"]
    assert after["outreach_funnel"] == before["outreach_funnel"]


@pytest.mark.opening("revops_sent")
def test_a_new_reply_is_read_by_the_monitor_and_the_analytics(resources, instance):
    _reply(resources, "Thanks, but we are not interested.")
    assets = [raw_replies, reply_classifications, suppression_events, *ANALYSES]

    meta = _materialize(assets, resources, instance)

    assert meta["reply_classifications"]["new_rows"] == 1
    assert meta["suppression_events"]["new_from_replies"] == 0  # only the replies table changed
    assert meta["monitor_readings"]["reread"] == "yes"
    assert meta["reply_performance"]["rebuilt"] == meta["outreach_funnel"]["rebuilt"] == "yes"
    with resources["warehouse"].connect() as con:
        assert con.execute("select sum(negative_replies) from reply_performance").fetchone()[0] == 1
        assert con.execute("select sum(contacts_replied) from outreach_funnel").fetchone()[0] == 1
        assert con.execute("select max(negatives) from monitor_readings where scope = 'play'").fetchone()[0] == 1

    again = _materialize(assets, resources, instance)
    assert again["reply_classifications"]["new_rows"] == 0
    assert again["monitor_readings"]["reread"].startswith("no:")
    assert again["reply_performance"]["rebuilt"].startswith("no:")
    assert again["outreach_funnel"]["rebuilt"].startswith("no:")


@pytest.mark.opening("revops_sent")
def test_a_reply_triaged_again_as_hostile_is_read_by_the_next_monitor_run(resources, instance):
    _reply(resources, "Thanks, but we are not interested.")
    first = _materialize([raw_replies, reply_classifications, play_monitor], resources, instance)
    assert first["monitor_readings"]["reread"] == "yes"
    with resources["warehouse"].connect() as con:  # as a full refresh under a newer hostility rule leaves it
        con.execute("update reply_classifications set reason = ? where kind = 'human'", [HOSTILE])

    again = _materialize([play_monitor], resources, instance)

    assert again["monitor_readings"]["reread"] == "yes", "the hostile mark waited for the reading to expire"
    with resources["warehouse"].connect() as con:
        weighted = con.execute("select max(weighted) from monitor_readings where scope = 'play'").fetchone()[0]
    assert weighted == 2.0, "a hostile \"not interested\" weighs 1 for its label and 1 for its hostility"


@pytest.mark.opening("revops_sent")
def test_the_funnel_counts_again_when_two_qualified_signals_move_to_another_play(resources, instance):
    _materialize([outreach_funnel], resources, instance)
    with resources["warehouse"].connect() as con:  # two signals now qualify for the other play instead
        con.execute("update qualified_signals set play = 'series-b-funding' where signal_id in (select signal_id "
                    "from qualified_signals where play = 'revops-hiring' order by signal_id limit 2)")
        truth = dict(con.execute("select play, count(*) from qualified_signals group by play").fetchall())

    meta = _materialize([outreach_funnel], resources, instance)

    assert meta["outreach_funnel"]["rebuilt"] == "yes"
    with resources["warehouse"].connect() as con:
        funnel = dict(con.execute("select play, signals_qualified from outreach_funnel where not simulated").fetchall())
    assert funnel == {play: truth[play] for play in funnel}


@pytest.mark.opening("revops_sent")
def test_a_reply_owes_its_suppression_event_once_even_when_it_was_reclassified_later(resources, instance):
    _reply(resources, "Thanks, not for us right now.")
    assets = [raw_replies, reply_classifications, suppression_events, suppression_list]
    assert _materialize(assets, resources, instance)["suppression_events"]["new_from_replies"] == 0
    with resources["warehouse"].connect() as con:
        con.execute("update reply_classifications set confidence = confidence")  # values untouched: still skipped
    assert _materialize([suppression_events], resources, instance)["suppression_events"]["new_from_replies"] == 0

    with resources["warehouse"].connect() as con:  # as a full refresh by a newer labeller would leave it
        con.execute("update reply_classifications set label = 'unsubscribe', optout_via = 'unsubscribe_reply', "
                    "optout_targets = to_json([lower(contact_email)]) where kind = 'human'")
        before = con.execute("select count(*) from suppression_list").fetchone()[0]
    assert _materialize(assets, resources, instance)["suppression_events"]["new_from_replies"] == 1
    assert _materialize(assets, resources, instance)["suppression_events"]["new_from_replies"] == 0
    with resources["warehouse"].connect() as con:
        assert con.execute("select count(*) from suppression_list").fetchone()[0] == before + 1


@pytest.mark.opening("revops_sent")
def test_the_monitor_reads_again_once_its_reading_has_stood_for_the_reread_interval(
        resources, instance, environ):
    assert _materialize([play_monitor], resources, instance)["monitor_readings"]["reread"].startswith("no:")
    now = resources["policy"].now()

    soon = build_resources(environ(SDR_NOW=(now + timedelta(minutes=14)).isoformat()))
    assert _materialize([play_monitor], soon, instance)["monitor_readings"]["reread"].startswith("no:")

    later = build_resources(environ(SDR_NOW=(now + timedelta(minutes=16)).isoformat()))
    assert _materialize([play_monitor], later, instance)["monitor_readings"]["reread"] == "yes"
    with later["warehouse"].connect() as con:
        read_at = con.execute("select max(read_at) from monitor_readings").fetchone()[0]
    assert read_at == datetime.fromisoformat(later["policy"].now().isoformat())


@pytest.mark.opening("revops_sent")
def test_an_unchanged_summary_and_snapshot_are_left_as_they_were(resources, instance):
    from sdr_assets.analytics import analytics_snapshot, reply_rate_summary

    with resources["warehouse"].connect() as con:
        summary = con.execute("select * from reply_rate_summary order by play").fetchall()
        marks = con.execute("select * from layer_marks order by layer").fetchall()
    files = {p.name: p.stat().st_mtime_ns for p in resources["paths"].exports.glob("*.parquet")}

    meta = _materialize([reply_rate_summary, analytics_snapshot], resources, instance)

    assert meta["reply_rate_summary"]["plays_computed"] == 0 and meta["reply_rate_summary"]["plays_unchanged"] > 0
    assert meta["analytics_snapshot"]["tables"] == {} and meta["analytics_snapshot"]["unchanged"] != "none"
    with resources["warehouse"].connect() as con:
        assert con.execute("select * from reply_rate_summary order by play").fetchall() == summary
        assert con.execute("select * from layer_marks order by layer").fetchall() == marks
    assert {p.name: p.stat().st_mtime_ns for p in resources["paths"].exports.glob("*.parquet")} == files

    _reply(resources, "Thanks, but we are not interested.")
    changed = _materialize([raw_replies, reply_classifications, reply_rate_summary, analytics_snapshot],
                           resources, instance)
    assert changed["reply_rate_summary"]["plays_computed"] == 1
    assert set(changed["analytics_snapshot"]["tables"]) >= {"reply_rate_summary", "reply_classifications"}


@pytest.mark.opening("revops_sent")
def test_a_segment_recorded_on_the_ledger_rebuilds_the_performance_table(resources, instance):
    """The segment a send was made under is read from the ledger: a change to it is a change the
    table counts by (a ledger from before it kept segments is given them later)."""
    _materialize([reply_performance], resources, instance)
    with resources["warehouse"].connect() as con:
        con.execute("update send_ledger set segment = 'Logistics' where status = 'sent'")

    meta = _materialize([reply_performance], resources, instance)

    assert meta["reply_performance"]["rebuilt"] == "yes"
    with resources["warehouse"].connect() as con:
        segments = {s for (s,) in con.execute("select distinct segment from reply_performance").fetchall()}
    assert segments == {"logistics"}


@pytest.mark.opening("revops_sent")
def test_the_demo_marker_added_or_removed_counts_the_simulated_sends_again(resources, instance):
    """A send's outcome counts as simulated only in the demo's own folder, which the file beside the
    warehouse marks: adding or removing it is an input of the analytics, as a table is."""
    from resources.config import DEMO_MARKER

    analytics = [reply_performance, outreach_funnel]
    _reply(resources, "Sounds interesting, tell me more.")
    _materialize([raw_replies, reply_classifications, suppression_events], resources, instance)
    with resources["warehouse"].connect() as con:
        con.execute("update reply_classifications set simulated = true")
    marker = Path(resources["warehouse"].path).parent / DEMO_MARKER
    marker.write_text("demo\n")
    _materialize(analytics, resources, instance)
    in_demo = _tables(resources)
    assert any("True" in row for row in in_demo["reply_performance"]), "a simulated outcome is counted"
    marker.unlink()  # the folder is no longer the demo's: nothing here is simulated
    runs = _materialize(analytics, resources, instance)
    assert {runs[a]["rebuilt"] for a in ("reply_performance", "outreach_funnel")} == {"yes"}
    after = _tables(resources)
    _materialize(analytics, resources, instance, full_refresh=True)
    assert after == _tables(resources) and after["reply_performance"] != in_demo["reply_performance"]

"""Smoke: the code location loads with the assets, the blocking gate, the jobs and the sensors."""

import shutil
from pathlib import Path

import dagster as dg

from sdr_assets.definitions import defs as lazy_defs

REPO = Path(__file__).resolve().parents[1]

PLAYS = ("data-stack-adopters", "revops-hiring", "series-b-funding")
PER_PLAY = {f"{play}/{table}" for play in PLAYS for table in ("message_drafts", "send_ledger", "linkedin_tasks")}
EXPECTED_ASSETS = PER_PLAY | {
    "play_versions", "play_approvals", "raw_signals", "quarantined_signal_rows", "qualified_signals",
    "enriched_accounts", "research_angles", "message_drafts", "send_ledger", "raw_replies",
    "reply_classifications", "suppression_events", "suppression_list", "sequence_holds", "escalations", "reply_rate_summary",
    "analytics_snapshot", "accepted_referrals", "escalation_events", "meetings", "monitor_readings", "monitor_pauses",
    "pause_notices", "reply_performance", "outreach_funnel",
}


def test_definitions_load_with_expected_pieces(monkeypatch, tmp_path):
    shutil.copytree(REPO / "data" / "plays", tmp_path / "plays")
    monkeypatch.setenv("SDR_DATA_DIR", str(tmp_path))
    defs = lazy_defs()
    keys = {key.to_user_string() for key in defs.resolve_all_asset_keys()}
    assert keys == EXPECTED_ASSETS
    graph = defs.resolve_asset_graph()
    for play in PLAYS:
        drafts = dg.AssetKey([play, "message_drafts"])
        checks = graph.get_check_keys_for_assets({drafts})
        assert {c.name for c in checks} == {"play_approval_gate", "play_monitor_check", "deliverability_guard",
                                            "drafts_grounded"}
        blocking = {c.name for c in checks if graph.get_check_spec(c).blocking}
        assert blocking == {"play_approval_gate", "play_monitor_check", "deliverability_guard"}, \
            "the gate, the monitor and the deliverability guard stop each play's sends"
        assert drafts in graph.get(dg.AssetKey([play, "send_ledger"])).parent_keys
    assert {s.name for s in defs.sensors} == {
        "signal_files_sensor", "reply_mailbox_sensor", "play_files_sensor", "outreach_sensor", "optout_log_sensor",
        "analytics_freshness_sensor", "abandoned_runs_sensor"}
    freshness = defs.resolve_sensor_def("analytics_freshness_sensor")
    assert freshness.job_name == "analytics_job" and freshness.description, "a plain sensor the UI lists and explains"
    assert {s.name for s in defs.get_repository_def().sensor_defs} == {s.name for s in defs.sensors}, (
        "no asset carries an automation condition, so Dagster adds no sensor of its own")
    assert [s.name for s in defs.schedules] == [f"daily_outreach_{p.replace('-', '_')}" for p in PLAYS] + [
        "escalation_sla_schedule"]
    escalation_checks = graph.get_check_keys_for_assets({dg.AssetKey("escalations")})
    assert {c.name for c in escalation_checks} == {"escalation_sla"}
    assert not any(graph.get_check_spec(c).blocking for c in escalation_checks), "a late reply warns, never blocks"
    for job in ("signals_job", *(f"outreach_{p.replace('-', '_')}" for p in PLAYS), "replies_job", "optouts_job", "record_play_decision",
                "record_suppression", "work_escalation", "escalation_sla_job", "analytics_job"):
        assert defs.resolve_job_def(job) is not None


def test_every_asset_has_a_description_and_a_layer_group(defs):
    graph = defs.resolve_asset_graph()
    layers = {"plays", "signals", "enrichment", "research", "drafts", "sends", "replies", "monitor", "analytics"}
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.group_name in layers, key
        assert node.description, key


def test_resources_follow_the_environment(tmp_path):
    from resources.defaults import build_resources
    from resources.model import OfflineModel, OpenAICompatibleModel

    local = build_resources({"SDR_DATA_DIR": str(tmp_path)})
    assert isinstance(local["model"], OfflineModel)
    assert local["warehouse"].path == f"{tmp_path}/warehouse.duckdb"
    moved = build_resources({"SDR_DATA_DIR": str(tmp_path), "SDR_WAREHOUSE": "/elsewhere/w.duckdb",
                             "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"})
    assert moved["warehouse"].path == "/elsewhere/w.duckdb"
    assert isinstance(moved["model"], OpenAICompatibleModel)


def test_real_mail_clients_are_chosen_by_configuration(tmp_path):
    from resources.defaults import build_resources
    from resources.imap import ImapMailbox
    from resources.mail import MaildirOutbox
    from resources.smtp import SmtpTransport

    assert isinstance(build_resources({"SDR_DATA_DIR": str(tmp_path)})["mail"], MaildirOutbox)
    configured = build_resources({"SDR_DATA_DIR": str(tmp_path), "SDR_SMTP_HOST": "127.0.0.1",
                                  "SDR_SMTP_PORT": "2525", "SDR_IMAP_HOST": "127.0.0.1", "SDR_IMAP_PASSWORD": "secret"})
    assert isinstance(configured["mail"], SmtpTransport) and configured["mail"].port == 2525
    assert isinstance(configured["mailbox"], ImapMailbox)


def test_the_analytics_tables_describe_every_column_in_the_ui(defs):
    """An analyst browsing the lineage reads what each column of the analytics tables counts and
    divides by, before any run, in the schema the tables are written with."""
    from sdr_assets.analytics import SUMMARY_SCHEMA
    from sdr_assets.performance import FUNNEL_SCHEMA, SCHEMA

    graph = defs.resolve_asset_graph()
    for name, schema in (("reply_rate_summary", SUMMARY_SCHEMA), ("reply_performance", SCHEMA),
                         ("outreach_funnel", FUNNEL_SCHEMA)):
        columns = graph.get(dg.AssetKey(name)).metadata["dagster/column_schema"].columns
        assert [c.name for c in columns] == list(schema), name
        assert all(c.description for c in columns), [c.name for c in columns if not c.description]
    rates = {c.name: c.description for c in graph.get(dg.AssetKey("reply_performance")).metadata[
        "dagster/column_schema"].columns}
    assert rates["reply_rate"].startswith("human_replies / delivered")
    assert "Wilson" in rates["reply_rate_low"]


def test_a_play_s_part_of_the_graph_is_made_once_per_process_and_serves_every_definitions(tmp_path):
    from resources.defaults import build_resources
    from sdr_assets.assembly import build_definitions
    from sdr_assets.play_graph import job_name, play_graph, whole_tables
    from tests.conftest import environ_for

    shutil.copytree(REPO / "data" / "plays", tmp_path / "plays")
    play = "revops-hiring"
    assert play_graph(play) is play_graph(play)
    tables = [whole_tables([play_graph(play)]) for _ in range(2)]
    assert all(once is again for once, again in zip(*tables, strict=True)) and len(tables[0]) == 2
    first, second = (build_definitions(build_resources(environ_for(tmp_path, SDR_NOW=now)))
                     for now in ("2026-11-02T09:00:00+00:00", "2026-11-09T09:00:00+00:00"))
    for defs in (first, second):
        job = defs.resolve_job_def(job_name(play))
        assert play_graph(play).drafts.key in job.asset_layer.selected_asset_keys

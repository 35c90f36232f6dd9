"""The demo's boundary: its own folder, its local outbox only, and approvals that count only inside it."""

import sys
from pathlib import Path

import dkim
import pytest

from resources.config import DEMO_MARKER
from resources.defaults import build_resources
from resources.mail import MaildirOutbox
from resources.mailbox import MaildirMailbox
from resources.smtp import SmtpTransport
from resources.store import approvals
from resources.store.gate import open_gate
from sdr_assets.assembly import build_definitions
from sdr_assets.cli import app
from sdr_assets.demo_run import DemoBoundaryError, prepare_demo_folder
from sdr_assets.domain.gate import GateClosedError
from sdr_assets.playbook import load_plays
from sdr_assets.play_graph import job_name
from tests.approving import current_version
from tests.command_line import CommandLine

sys.path.insert(0, str(Path(__file__).parent / "mail"))
from smtp_server import RecordingHandler, start_smtp_server  # noqa: E402

PLAY = "revops-hiring"


def _sent(resources) -> int:
    with resources["warehouse"].connect() as con:
        exists = con.execute("select count(*) from information_schema.tables where table_name = 'send_ledger'")
        if not exists.fetchone()[0]:
            return 0
        return con.execute("select count(*) from send_ledger where status = 'sent'").fetchone()[0]


def test_demo_mode_keeps_to_its_folder_and_its_local_mail(tmp_path):
    env = {"SDR_MODE": "demo", "SDR_DEMO_DIR": str(tmp_path / "demo"), "SDR_DATA_DIR": str(tmp_path / "real"),
           "SDR_WAREHOUSE": str(tmp_path / "real" / "w.duckdb"), "SDR_SMTP_HOST": "smtp.example",
           "SDR_IMAP_HOST": "imap.example", "SDR_IMAP_PASSWORD": "x"}
    demo = build_resources(env)
    assert demo["warehouse"].path == str(tmp_path / "demo" / "warehouse.duckdb")
    assert demo["paths"].mode == "demo" and demo["paths"].data_dir == str(tmp_path / "demo")
    assert isinstance(demo["mail"], MaildirOutbox) and isinstance(demo["mailbox"], MaildirMailbox)
    assert demo["mail"].path.startswith(str(tmp_path / "demo"))
    assert demo["policy"].postal_address, "the demo's made-up sender has a made-up postal address"
    assert isinstance(build_resources(env, demo_smtp=True)["mail"], SmtpTransport), "only when asked explicitly"
    live = build_resources({k: v for k, v in env.items() if k != "SDR_MODE"})
    assert isinstance(live["mail"], SmtpTransport) and live["paths"].mode == "live"
    assert live["warehouse"].path == str(tmp_path / "real" / "w.duckdb")
    with pytest.raises(ValueError, match="SDR_MODE"):
        build_resources({"SDR_MODE": "production"})


def test_the_demo_refuses_a_folder_with_real_data_and_smtp_without_a_server(tmp_path):
    (tmp_path / "warehouse.duckdb").write_bytes(b"")
    with pytest.raises(DemoBoundaryError, match="did not create"):
        prepare_demo_folder(tmp_path, tmp_path / "plays")
    result = CommandLine().invoke(app, ["demo", "--smtp"], env={"SDR_DEMO_DIR": str(tmp_path / "d"), "SDR_MODE": "",
                                                             "SDR_SMTP_HOST": ""})
    assert result.exit_code == 1 and "--smtp needs SDR_SMTP_HOST" in result.output


@pytest.mark.opening("signals_ran")  # every play drafted, nothing decided
def test_a_demo_approval_never_opens_the_gate_outside_the_demo(data_dir, environ, instance):
    demo_env = {"SDR_MODE": "demo", "SDR_DEMO_DIR": str(data_dir), "SDR_NOW": environ()["SDR_NOW"]}
    version = current_version(PLAY, data_dir / "plays")
    result = CommandLine().invoke(app, ["approve", PLAY, "--version", version, "--by", "Dana Whitfield"], env=demo_env)
    assert result.exit_code == 0, result.output
    live, demo = build_resources(environ()), build_resources(demo_env)
    assert live["warehouse"].path == demo["warehouse"].path, "the same warehouse, seen in two modes"
    play = load_plays(live["paths"].plays).plays[PLAY]
    with live["warehouse"].connect() as con:
        assert approvals.approval_status(con, play, "live").status == "pending"
        assert approvals.approval_status(con, play, "demo").status == "pending", "not the demo's folder"
        with pytest.raises(GateClosedError):
            open_gate(con, live["paths"].plays, PLAY, "live")
        assert [d["mode"] for d in approvals.history(con, PLAY)] == ["demo"]
    live_defs = build_definitions(live)
    outreach = live_defs.resolve_job_def(job_name(PLAY))
    assert not outreach.execute_in_process(instance=instance, raise_on_error=False).success
    # A run configured as the demo (the Launchpad lets anyone set the mode) counts no demo approval either.
    paths = {k: getattr(live["paths"], k) for k in ("signals_inbox", "data_dir", "plays_dir", "reference_dir",
                                                    "exports_dir")}
    as_demo = outreach.execute_in_process(instance=instance, raise_on_error=False, run_config={
        "resources": {"paths": {"config": {**paths, "mode": "demo"}}}})
    assert not as_demo.success
    assert _sent(live) == 0, "a live run sends nothing on a demo approval"
    status = CommandLine().invoke(app, ["plays", "list", "--json"], env=environ())
    assert '"status": "pending"' in status.output

    (data_dir / DEMO_MARKER).write_text("marked as `sdr demo` marks its folder\n")
    demo_outreach = build_definitions(demo).resolve_job_def(job_name(PLAY))
    assert demo_outreach.execute_in_process(instance=instance).success
    assert _sent(demo) > 0, "inside the demo the same approval opens the gate"


def test_sdr_demo_refuses_a_configured_smtp_server_and_signs_its_mail(tmp_path):
    handler = RecordingHandler()
    server = start_smtp_server(handler)
    folder = tmp_path / "demo"
    env = {"SDR_DEMO_DIR": str(folder), "SDR_SMTP_HOST": "127.0.0.1", "SDR_SMTP_PORT": str(server.port),
           "SDR_SMTP_SECURITY": "none", "SDR_MODE": "", "DAGSTER_HOME": "", "SDR_NOW": "",
           "SDR_DATA_DIR": str(tmp_path / "real")}
    try:
        result = CommandLine().invoke(app, ["demo", "--companies", "150", "--signals", "240"], env=env)
    finally:
        server.stop()
    assert result.exit_code == 0, result.output
    assert "the demo refuses it" in result.output and "--smtp" in result.output
    assert handler.delivered == [] and handler.rcpts == [], "nothing reached the configured SMTP server"
    assert not (tmp_path / "real").exists(), "the real data folder is untouched"
    sent = sorted((folder / "outbox" / "new").iterdir())
    assert sent, "the demo's mail went to its own outbox"
    record = CommandLine().invoke(app, ["dkim", "record", "--value"], env={**env, "SDR_MODE": "demo"}).output.strip()
    assert all(dkim.verify(p.read_bytes(), dnsfunc=lambda name, timeout=5: record.encode()) for p in sent)
    assert (folder / "dagster_home" / "dagster.yaml").exists(), "the demo keeps its own run history"

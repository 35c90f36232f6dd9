"""The monitor's test world: the plays of the openings, their sends, replies delivered to the local
reply mailbox, jobs run in process, accounts added to the reference data, and a mail server on
127.0.0.1 for the notices of its pauses."""

import csv
import json
import mailbox
from datetime import UTC, datetime
from email.message import EmailMessage, Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime

import pytest

from resources.defaults import build_resources
from resources.settings import SendPolicy
from sdr_assets.assembly import build_definitions
from sdr_assets.play_graph import job_name
from sdr_assets.playbook import load_plays
from tests.conftest import environ_for
from tests.mail.smtp_server import RecordingHandler, start_smtp_server

REVOPS, SERIES_B = "revops-hiring", "series-b-funding"
WHEN = datetime(2026, 11, 20, 12, tzinfo=UTC)
OWNER = "dana.whitfield@team.example"


@pytest.fixture
def smtp():
    """A mail server on 127.0.0.1 that keeps what it is sent: where the monitor's notices go."""
    controller = start_smtp_server(RecordingHandler())
    yield controller
    controller.stop()


def over_smtp(data_dir, port: int, **extra) -> dict:
    """The world's resources, mailing notices over the server at ``port`` on 127.0.0.1."""
    return build_resources(environ_for(data_dir, SDR_SMTP_HOST="127.0.0.1", SDR_SMTP_PORT=str(port),
                                       SDR_SMTP_SECURITY="none", **extra))


def give_owner_an_address(data_dir) -> str:
    """Add ``owner_email`` to the play's file; its version stays the one approved."""
    before = load_plays(data_dir / "plays").plays[REVOPS].version_hash
    path = data_dir / "plays" / f"{REVOPS}.yaml"
    owner = "owner: Dana Whitfield\n"
    path.write_text(path.read_text().replace(owner, f"{owner}owner_email: {OWNER}\n"))
    play = load_plays(data_dir / "plays").plays[REVOPS]
    assert play.owner_email == OWNER and play.version_hash == before, "owner_email is outside the version hash"
    return before


def query_warehouse(resources, sql, params=None):
    with resources["warehouse"].connect() as con:
        return con.execute(sql, params or []).fetchall()


def sent_messages(resources, play):
    return query_warehouse(resources, "select send_key, message_id, contact_email, mailbox, subject, company_domain "
                                      "from send_ledger where play = ? and status = 'sent' order by send_key", [play])


def sent_count(resources, play=None):
    where, params = ("where status = 'sent' and play = ?", [play]) if play else ("where status = 'sent'", [])
    return query_warehouse(resources, f"select count(*) from send_ledger {where}", params)[0][0]


def deliver(resources, messages: list[bytes]) -> None:
    box = mailbox.Maildir(resources["mailbox"].path, create=True)
    for raw in messages:
        box.add(raw)


def not_interested_reply(send) -> bytes:
    _, message_id, contact, sender, subject, _ = send
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = contact, sender, f"Re: {subject}"
    msg["Date"], msg["Message-ID"] = format_datetime(WHEN), f"<no-{message_id.strip('<>')}>"
    msg["In-Reply-To"] = msg["References"] = message_id
    msg.set_content("No thanks, not interested.\n")
    return bytes(msg)


def complaint_report(send) -> bytes:
    """An ARF feedback report, as a mailbox provider's feedback loop sends it."""
    _, message_id, contact, sender, subject, _ = send
    report = MIMEMultipart("report", report_type="feedback-report")
    report.attach(MIMEText("This is an email abuse report for an email message received.\n", "plain"))
    machine = Message()
    machine["Content-Type"] = "message/feedback-report"
    machine.set_payload(f"Feedback-Type: abuse\nUser-Agent: FBL/1.0\nVersion: 1\n"
                        f"Original-Mail-From: <{sender}>\nOriginal-Rcpt-To: <{contact}>\n")
    report.attach(machine)
    report.attach(MIMEText(f"From: {sender}\nTo: {contact}\nSubject: {subject}\nMessage-ID: {message_id}\n",
                           "rfc822-headers"))
    report["From"], report["To"] = "fbl@mx.provider.example", f"abuse@{sender.split('@')[1]}"
    report["Subject"], report["Date"] = f"FW: {subject}", format_datetime(WHEN)
    report["Message-ID"] = f"<arf-{message_id.strip('<>')}>"
    return bytes(report)


def run_job(defs, instance, job):
    return defs.resolve_job_def(job).execute_in_process(instance=instance, raise_on_error=False)


def outreach_job(defs, instance, play):
    return run_job(defs, instance, job_name(play))


def assert_sent(resources, *plays):
    """The plays of the test's opening sent their first emails."""
    for play in plays:
        assert sent_count(resources, play) > 0, "the approved play sent"


def new_account(data_dir, tag: str, industry: str) -> str:
    """A company in ``industry`` with a VP Sales and a fresh RevOps hiring signal. Returns the address."""
    domain, email = f"{tag}-ledger.example", f"pat.{tag}@{tag}-ledger.example"
    with (data_dir / "reference" / "companies.csv").open("a", newline="") as f:
        csv.writer(f).writerow([domain, f"Acme {tag.title()}", industry, 400, "US", 2015, "Snowflake", "A company."])
    with (data_dir / "reference" / "contacts.csv").open("a", newline="") as f:
        csv.writer(f).writerow([f"ct_{tag}", domain, "Pat", tag.title(), "VP Sales", "vp", "Sales", email,
                                f"https://linkedin.example/in/pat-{tag}"])
    signal = {"signal_id": f"sig_{tag}", "company_domain": domain, "signal_type": "hiring",
              "detail": "Acme posted 1 opening(s) for Revenue Operations Manager (RevOps)",
              "observed_at": "2026-11-19T08:00:00Z", "source": "test",
              "attributes": {"role": "Revenue Operations Manager", "department": "RevOps", "openings": 1}}
    (data_dir / "inbox" / "signals" / f"late_{tag}.jsonl").write_text(json.dumps(signal) + "\n")
    return email


def strict_segments(resources: dict, now: str | None = None) -> dict:
    """Resources whose monitor pauses a segment on little evidence and the play on none it will see."""
    policy = SendPolicy(now_override=now or resources["policy"].now_override,
                        postal_address=resources["policy"].postal_address, monitor_threshold=1000.0,
                        monitor_segment_threshold=1.0)
    return {**resources, "policy": policy}


def industries_of(resources) -> dict[str, str]:
    return dict(query_warehouse(resources, "select company_domain, industry from enriched_accounts where play = ?",
                                [REVOPS]))


def first_send_segments(resources, industry: dict[str, str] | None = None) -> tuple[str, str]:
    """The segment of revops-hiring's first send as enrichment spells it (now, or in ``industry``), and
    another of the play's."""
    target = (industry or industries_of(resources))[sent_messages(resources, REVOPS)[0][5]]
    return target, next(i for i in ("Fintech", "Software", "Cybersecurity") if i != target)


def offend_one_segment(resources, instance, industry: dict[str, str] | None = None) -> tuple[str, str]:
    """"Not interested" from every account of the segment of revops-hiring's first send, triaged.
    Returns that segment and another of the play's (``first_send_segments``)."""
    industry = industry or industries_of(resources)
    segments = first_send_segments(resources, industry)
    deliver(resources, [not_interested_reply(s) for s in sent_messages(resources, REVOPS)
                        if industry[s[5]] == segments[0]])
    assert run_job(build_definitions(resources), instance, "replies_job").success
    return segments


def one_segment_offended(resources):
    """For a test marked with the ``revops_segment_offended`` opening: the resources with segment pauses
    on (``strict_segments``), their definitions, the offended segment and a spared one."""
    strict = strict_segments(resources)
    return strict, build_definitions(strict), *first_send_segments(resources)

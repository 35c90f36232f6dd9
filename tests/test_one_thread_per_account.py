"""Within one play, one thread per account at a time: when enrichment names a new contact for an
account whose earlier contact's sequence of the play is under way (she left and the provider lists
her successor, or a later run found a better match), the new contact's first email waits, a state
(``held``, with the reason, and counted by `sdr status`), until that sequence ended: completed,
replied, bounced, opted out or stopped by a departure notice. Before, the new contact got step 1
while the earlier one still got her follow-ups: two threads at one account, which reads as spam."""

from __future__ import annotations

import csv
import mailbox
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from resources.defaults import build_resources
from sdr_assets import referrals
from sdr_assets.cli import app
from sdr_assets.domain.account_threads import OTHER_CONTACT
from sdr_assets.domain.sequencing import Hold, Limits, linked_people, plan_sends, send_key
from sdr_assets.play_graph import job_name
from sdr_assets.playbook import load_play
from sdr_assets.waiting_drafts import waiting_drafts
from tests.command_line import CommandLine
from tests.conftest import RUN_NOW
from tests.follow_up_world import FOLLOW_UP_DAY, PLAY, WINDOW, rows, run, sent, steps
from tests.replies import reply_to

START = datetime.fromisoformat(RUN_NOW)
DAY = timedelta(days=1)


def _earlier_contact(resources) -> tuple[str, str]:
    """A contact whose first email went on RUN_NOW and whose account's signal qualifies past her follow-up's
    day, with her account."""
    found = rows(resources, "select l.contact_email, l.company_domain from send_ledger l join message_drafts d "
                            "using (draft_id) join raw_signals s on s.signal_id = d.signal_id where l.play = ? "
                            "and l.step = 1 and l.status = 'sent' and s.observed_at > ? order by 1 limit 1",
                 [PLAY, FOLLOW_UP_DAY + 2 * DAY - timedelta(days=WINDOW)])
    assert found, "a sequence under way at an account that still qualifies"
    return found[0]


def _successor(data_dir: Path, left: str) -> str:
    """The provider's contacts with ``left`` gone and a successor in her role: her account's new contact."""
    path = data_dir / "reference" / "contacts.csv"
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields, contacts = reader.fieldnames, list(reader)
    (hers,) = [c for c in contacts if c["email"].lower() == left.lower()]
    new = {**hers, "contact_id": "ct-successor", "first_name": "Robin", "last_name": "Okafor",
           "email": f"robin.okafor@{hers['company_domain']}",
           "linkedin_url": "https://linkedin.example/in/robin-okafor"}
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows([new if c is hers else c for c in contacts])
    return new["email"]


def _day(environ, instance, at: datetime):
    """The daily runs at ``at``: signals (enrichment, research, drafts), then the play's outreach."""
    resources = build_resources(environ(SDR_NOW=at.isoformat()))
    run(resources, instance, "signals_job")
    run(resources, instance, job_name(PLAY))
    return resources


def _waiting(resources, at: datetime) -> dict:
    play = load_play(Path(resources["paths"].plays) / f"{PLAY}.yaml")
    with resources["warehouse"].connect() as con:
        return waiting_drafts(con, play, at)


@pytest.mark.opening("series_b_sent")
def test_a_new_contact_waits_until_the_earlier_contacts_sequence_completes(environ, instance, data_dir):
    earlier, account = _earlier_contact(build_resources(environ()))
    new = _successor(data_dir, earlier)

    during = _day(environ, instance, START + 2 * DAY)
    assert rows(during, "select contact_email from research_angles where play = ? and company_domain = ? "
                        "order by 1", [PLAY, account]) == sorted([(earlier,), (new,)]), "both researched"
    assert steps(during, [earlier, new]) == [(earlier, 1, "sent"), (new, 1, "held")], \
        "one thread at the account: the new contact's first email waits"
    (reason,) = rows(during, "select reason from send_ledger where play = ? and contact_email = ?", [PLAY, new])[0]
    assert earlier in reason, reason
    assert _waiting(during, START + 2 * DAY)["other_contact"] == 1
    status = CommandLine().invoke(app, ["status"], env=environ(SDR_NOW=(START + 2 * DAY).isoformat()))
    assert status.exit_code == 0 and f"earlier contact to end (one thread per account): 1 ({PLAY}: 1)" in \
        " ".join(status.output.split()), status.output

    during = _day(environ, instance, FOLLOW_UP_DAY)
    assert steps(during, [earlier, new]) == [(earlier, 1, "sent"), (earlier, 2, "sent"), (new, 1, "held")], \
        "her last step went today: the new thread begins a day after at the earliest"

    after = _day(environ, instance, FOLLOW_UP_DAY + DAY)
    assert steps(after, [earlier, new]) == [(earlier, 1, "sent"), (earlier, 2, "sent"), (new, 1, "sent")]
    assert _waiting(after, FOLLOW_UP_DAY + DAY)["other_contact"] == 0


@pytest.mark.opening("series_b_sent")
def test_a_departure_notice_ends_her_sequence_and_her_successor_starts_once(environ, instance, data_dir):
    """Her auto-reply says she left: her sequence stops (no follow-up), the successor the provider
    lists gets his first email at once, and each message goes once."""
    earlier, _ = _earlier_contact(build_resources(environ()))
    new = _successor(data_dir, earlier)
    left = START + DAY
    resources = build_resources(environ(SDR_NOW=left.isoformat()))
    mailbox.Maildir(resources["mailbox"].path, create=True).add(reply_to(
        sent(resources, earlier), "I have left the company and this mailbox is no longer monitored.", left,
        Auto_Submitted="auto-replied"))
    run(resources, instance, "replies_job")

    for day in (START + 2 * DAY, FOLLOW_UP_DAY, FOLLOW_UP_DAY + DAY):
        after = _day(environ, instance, day)
        assert steps(after, [earlier, new]) == [(earlier, 1, "sent"), (new, 1, "sent")], day
    assert rows(after, "select count(*) from send_ledger where play = ? and contact_email = ? and status = 'sent'",
                [PLAY, new]) == [(1,)]


NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
ROOMY = Limits(mailbox_daily_cap=1000, warmup_start=1000, warmup_increment=0, play_daily_cap=1000)
ANN, BEN, MAILBOX = "ann@acme.example", "ben@acme.example", "sam@outreach.example"


def _draft(email: str, step: int, delay: int = 0) -> dict:
    return {"draft_id": f"{email}-{step}", "play": PLAY, "contact_email": email, "step": step, "channel": "email",
            "delay_days": delay, "fit": 0.5, "company_domain": "Acme.example", "variant": "a",
            "signal_type": "funding", "subject": f"s{step}", "body": f"b{step}", "contact_name": email[:3]}


def _plan(ledger: list[dict], suppressed=(), holds=None, now: datetime = NOW):
    """Ann's sequence (three emails, days 0, 4 and 9) with her first email sent ``ledger``; Ben, the account's
    new contact, drafted."""
    drafts = [_draft(ANN, 1), _draft(ANN, 2, 4), _draft(ANN, 3, 9), _draft(BEN, 1), _draft(BEN, 2, 4)]
    return plan_sends(drafts, ledger, set(suppressed), holds or {}, ROOMY, now, PLAY, MAILBOX, sending={})


def _sent(step: int, at: datetime) -> dict:
    return {"send_key": send_key(PLAY, ANN, step), "play": PLAY, "contact_email": ANN, "step": step,
            "status": "sent", "sent_at": at, "mailbox": MAILBOX, "draft_id": f"{ANN}-{step}",
            "company_domain": "acme.example"}


def _bens_first(plan) -> str:
    if any(d["contact_email"] == BEN for d in plan.send):
        return "sent"
    (held,) = [d for d in plan.skipped if d["contact_email"] == BEN]
    assert held["reason"].startswith(OTHER_CONTACT), held
    return "held"


def test_the_plan_holds_the_new_contact_until_each_way_her_sequence_ends():
    """Ann's sequence under way holds Ben's first email; it ends, and he goes, once it completed, a stop
    (her reply, a departure) ended it, her address is suppressed, or it stalled past its delays."""
    begun = [_sent(1, NOW - timedelta(days=2))]
    assert _bens_first(_plan(begun)) == "held"
    assert _bens_first(_plan(begun, holds={ANN: Hold("pause", None, "out of office")})) == "held"
    assert _bens_first(_plan(begun, holds={ANN: Hold("stop", None, "replied")})) == "sent"
    assert _bens_first(_plan(begun, suppressed=[ANN])) == "sent"
    assert _bens_first(_plan(begun, now=NOW + timedelta(days=7 + 14))) == "sent", "stalled past its grace"
    done = [*begun, _sent(2, NOW - timedelta(days=1, hours=1)), _sent(3, NOW - timedelta(hours=3))]
    assert _bens_first(_plan(done)) == "held", "her last email went today"
    assert _bens_first(_plan(done, now=NOW + timedelta(days=1))) == "sent"
    refused = [*begun, {**_sent(2, NOW - timedelta(days=1)), "status": "failed"}]
    assert _bens_first(_plan(refused)) == "sent", "a refusal cut her emails short"
    assert [d["contact_email"] for d in _plan(begun, now=NOW + timedelta(days=2)).send] == [ANN], \
        "her follow-up goes on"


@pytest.mark.opening("series_b_sent")
def test_the_successor_a_departure_notice_names_starts_once_accepted(environ, instance):
    """Her auto-reply says she left and names her successor; once a person accepts him, he gets his
    first email (the departure ended her sequence, so he does not wait for it) and his follow-up on
    its day, each once, and she gets nothing more."""
    earlier, account = _earlier_contact(build_resources(environ()))
    successor = f"robin.okafor@{account}"
    left = START + DAY
    resources = build_resources(environ(SDR_NOW=left.isoformat()))
    mailbox.Maildir(resources["mailbox"].path, create=True).add(reply_to(
        sent(resources, earlier), f"I have left the company. Please contact {successor} instead.", left,
        Auto_Submitted="auto-replied"))
    run(resources, instance, "replies_job")
    referrals.accept(resources["warehouse"], successor, "Dana Whitfield", now=left)

    for day in (START + 2 * DAY, START + 6 * DAY, START + 7 * DAY):
        after = _day(environ, instance, day)
    assert steps(after, [earlier, successor]) == [(earlier, 1, "sent"), (successor, 1, "sent"),
                                                  (successor, 2, "sent")]
    first = rows(after, "select sent_at from send_ledger where play = ? and contact_email = ? and step = 1",
                 [PLAY, successor])
    assert first == [(START + 2 * DAY,)], first


def test_her_sequence_holds_each_account_her_linkedin_profile_joins():
    """Ann found under two company domains (one profile) is under way at both: Ben at her other account waits."""
    profile = {"linkedin_url": "https://linkedin.example/in/ann-lee", "contact_name": "Ann Lee"}
    io = [{**_draft("ann@acme.io", step, delay), **profile, "company_domain": "acme.io"}
          for step, delay in ((1, 0), (2, 4))]
    ann = [{**_draft(ANN, step, delay), **profile} for step, delay in ((1, 0), (2, 4))]
    drafts = [*ann, *io, {**_draft(BEN, 1), "company_domain": "acme.io"}]
    plan = plan_sends(drafts, [_sent(1, NOW - timedelta(days=2))], set(), {}, ROOMY, NOW, PLAY, MAILBOX,
                      sending={}, same_person=linked_people(drafts))
    assert _bens_first(plan) == "held"


def test_a_day_passes_after_her_last_email_though_her_research_is_let_go():
    """Her sequence completed and the next research run let her research go (no drafts of hers): the
    ledger still says she was mailed at the account hours ago, so Ben waits the day."""
    ledger = [_sent(1, NOW - timedelta(days=5)), _sent(2, NOW - timedelta(hours=2))]
    drafts = [_draft(BEN, 1), _draft(BEN, 2, 4)]
    plan = plan_sends(drafts, ledger, set(), {}, ROOMY, NOW, PLAY, MAILBOX, sending={})
    assert _bens_first(plan) == "held"
    later = plan_sends(drafts, ledger, set(), {}, ROOMY, NOW + timedelta(days=1), PLAY, MAILBOX, sending={})
    assert _bens_first(later) == "sent"

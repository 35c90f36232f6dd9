"""The send step refuses every address with an opt-out in the log, ingested or not, in every play."""

import mailbox
import shutil
import unicodedata
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import getaddresses

import pytest

from resources.defaults import build_resources
from resources.mail import MaildirOutbox
from sdr_assets import optout_log, sent_log
from sdr_assets.assembly import build_definitions
from sdr_assets.domain.addresses import canonical_address
from sdr_assets.runner import RunReport, run_due, run_outreach


def recipients(outbox: str) -> list[str]:
    return [canonical_address(a) for m in mailbox.Maildir(outbox, create=False) for _, a in getaddresses([m["To"]])]


def sent_rows(resources) -> list[dict]:
    with resources["warehouse"].connect() as con:
        cursor = con.execute("select * from send_ledger where status = 'sent' and step = 1 order by send_key")
        columns = [c[0] for c in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]


@pytest.mark.opening("two_plays_sent")
def test_a_click_only_in_the_log_stops_every_later_step_of_every_play(environ, instance, data_dir):
    resources = build_resources(environ())
    first = sent_rows(resources)
    jane = first[0]
    # The service writes the canonical address; the contact may be stored in another spelling.
    optout_log.append(data_dir, jane["send_key"], unicodedata.normalize("NFD", jane["contact_email"].upper()),
                      datetime.now().astimezone())
    before = len(recipients(resources["mail"].path))

    later = (datetime.fromisoformat(environ()["SDR_NOW"]) + timedelta(days=6)).isoformat()
    later_resources = build_resources(environ(SDR_NOW=later))
    report = RunReport()
    run_outreach(build_definitions(later_resources), instance, report)  # no replies run: nothing ingested
    assert not report.failed
    after = recipients(resources["mail"].path)
    assert len(after) > before, "follow-ups went out to the others"
    assert after.count(canonical_address(jane["contact_email"])) == before_count(first, jane)
    with resources["warehouse"].connect() as con:
        refused = con.execute("select distinct reason from send_ledger where contact_email = ? and step > 1",
                              [jane["contact_email"]]).fetchall()
        ingested = con.execute("select count(*) from suppression_events").fetchone()[0]
    assert ingested == 0, "the opt-out was never ingested: the log alone refused her"
    assert refused == [("unsubscribe_link",)]


def before_count(first: list[dict], jane: dict) -> int:
    return sum(1 for r in first if r["contact_email"] == jane["contact_email"])


class ClickingOutbox(MaildirOutbox):
    """A real maildir outbox; as it sends its first message, everyone else in the batch clicks."""

    data_dir: str
    clickers: list[str]

    def send(self, message: EmailMessage) -> str:
        if not optout_log.log_path(self.data_dir).exists():
            first = canonical_address(getaddresses([message["To"]])[0][1])
            for address in self.clickers:
                if address != first:
                    optout_log.append(self.data_dir, "k", address, datetime.now().astimezone())
        return super().send(message)


@pytest.mark.opening("two_plays_sent")
def test_clicks_during_a_batch_stop_the_next_messages_to_those_addresses(environ, instance, data_dir):
    resources = build_resources(environ())
    everyone = set(recipients(resources["mail"].path))
    assert len(everyone) > 3
    with resources["warehouse"].connect() as con:
        con.execute("delete from send_ledger")  # the same batch again, watched, as if never sent
    shutil.rmtree(sent_log.log_path(resources["warehouse"].path, "x").parent)
    outbox = str(data_dir / "outbox2")
    resources["mail"] = ClickingOutbox(path=outbox, data_dir=str(data_dir), clickers=sorted(everyone))
    assert not run_due(build_definitions(resources), instance).failed
    assert len(recipients(outbox)) == 1, "only the message in flight when they clicked went out"
    with resources["warehouse"].connect() as con:
        refused = con.execute("select count(distinct contact_email) from send_ledger "
                              "where status = 'suppressed' and reason = 'unsubscribe_link'").fetchone()[0]
    assert refused == len(everyone) - 1

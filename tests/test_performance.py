"""Unit: the performance table's counts at its grain, on sends described row by row."""

import json
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl

from resources.config import DEMO_MARKER
from resources.store.approvals import APPROVALS_DDL
from sdr_assets.analytics import summary_rows
from sdr_assets.ledger_counts import ledger_counts, send_replies
from sdr_assets.monitor_data import sends_with_verdicts
from sdr_assets.performance import _per_send, performance
from sdr_assets.sends import LEDGER_DDL
from sdr_assets.suppression import EVENTS_DDL

SENT = datetime(2026, 11, 18, 9, tzinfo=UTC)  # a Wednesday


def _send(n: int, **outcome) -> dict:
    row = {"send_key": f"k{n}", "play": "p", "play_version": "v1", "mailbox": "sam@outreach.example",
           "contact_email": f"c{n}@acme.example", "company_domain": "acme.example", "sent_at": SENT,
           "segment": "Software", "variant": "a", "signal_type": "hiring", "step": 1, "message_ids": None,
           "simulated": False, "meetings": 0, "objection_reason": None, "first_reply_at": None}
    for flag in ("not_interested", "objection", "unsubscribe", "complaint", "hard_bounce", "soft_bounce", "human",
                 "positive", "out_of_office", "auto_reply"):
        row[flag] = False
    return {**row, **outcome}


def test_counts_rates_and_flags_at_the_grain():
    replied = SENT + timedelta(hours=5)
    sends = pl.DataFrame([
        _send(1, human=True, positive=True, first_reply_at=replied, meetings=1),
        _send(2, human=True, objection=True, objection_reason="budget", first_reply_at=SENT + timedelta(hours=9)),
        _send(3, out_of_office=True),
        _send(4, auto_reply=True),
        _send(5, hard_bounce=True),
        _send(6, human=True, not_interested=True, simulated=True, first_reply_at=replied),
        _send(7, unsubscribe=True, complaint=True),
    ])
    frame = performance(sends)
    real = frame.filter(~pl.col("simulated")).row(0, named=True)
    assert real["week"] == datetime(2026, 11, 16).date()
    assert (real["sent"], real["delivered"], real["hard_bounces"]) == (6, 5, 1)
    assert (real["human_replies"], real["positive_replies"], real["objections_budget"]) == (2, 1, 1)
    assert (real["out_of_office"], real["auto_replies"], real["unsubscribes"], real["complaints"]) == (1, 1, 1, 1)
    assert real["meetings"] == 1 and real["median_hours_to_first_reply"] == 7.0
    assert real["reply_rate"] == 2 / 5, "out-of-office and auto-replies are not replies; bounces not delivered"
    assert real["reply_rate_low"] < real["reply_rate"] < real["reply_rate_high"]
    simulated = frame.filter(pl.col("simulated")).row(0, named=True)
    assert (simulated["sent"], simulated["negative_replies"]) == (1, 1)


def test_no_sends_is_an_empty_table_with_its_columns():
    frame = performance(pl.DataFrame())
    assert frame.is_empty() and "reply_rate_high" in frame.columns


def _warehouse_with_one_play(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """Ten sends of play p: four hard bounces, a soft one, two human replies (one interested), an
    out-of-office. In memory, or in the file ``path``."""
    con = duckdb.connect(str(path) if path else ":memory:")
    con.execute(LEDGER_DDL)
    for n in range(10):
        con.execute("insert into send_ledger (send_key, play, play_version, contact_email, mailbox, step, variant, "
                    "signal_type, status, sent_at, company_domain) values (?, 'p', 'v1', ?, 'sam@outreach.example', "
                    "1, 'a', 'hiring', 'sent', ?, ?)", [f"k{n}", f"c{n}@acme{n}.example", SENT, f"acme{n}.example"])
    con.execute("create table reply_classifications (send_key varchar, kind varchar, label varchar, hard boolean, "
                "message_id varchar, sub_reason varchar, received_at timestamptz, simulated boolean)")
    replies = [*((f"k{n}", "bounce", None, True) for n in range(4)), ("k4", "bounce", None, False),
               ("k7", "out_of_office", None, None), ("k8", "human", "interested", None),
               ("k9", "human", "not_interested", None)]
    for n, (key, kind, label, hard) in enumerate(replies):
        con.execute("insert into reply_classifications values (?, ?, ?, ?, ?, null, ?, false)",
                    [key, kind, label, hard, f"<m{n}@x.example>", SENT + timedelta(hours=2)])
    return con


def _summary(con: duckdb.DuckDBPyConnection) -> dict:
    """Play p's row of ``reply_rate_summary`` as the asset computes it."""
    with send_replies(con) as replies:
        return summary_rows(con, ["p"], replies).row(0, named=True)


def test_status_summary_and_notebooks_divide_replies_by_the_same_delivered_sends():
    from sdr_assets.notebook_support import rates_by  # loads matplotlib: only where it is used

    with _warehouse_with_one_play() as con:
        status = ledger_counts(con)["p"]
        summary = _summary(con)
        by_play = rates_by(performance(_per_send(con)), "play").row(0, named=True)
    assert (status["sent"], status["delivered"], status["bounces"], status["human_replies"]) == (10, 5, 4, 2)
    assert (summary["emails_sent"], summary["delivered"], by_play["sent"], by_play["delivered"]) == (10, 5, 10, 5)
    assert status["reply_rate"] == summary["reply_rate"] == by_play["reply_rate"] == 2 / 5
    assert summary["positive_rate"] == by_play["positive_rate"] == 1 / 5
    assert (summary["bounce_rate"], summary["complaint_rate"]) == (4 / 10, 0), "sender health: over every send"
    for rate in ("reply_rate", "positive_rate"):
        bounds = (summary[f"{rate}_low"], summary[f"{rate}_high"])
        assert bounds == (by_play[f"{rate}_low"], by_play[f"{rate}_high"]), "one interval for one play's rate"
        assert bounds[0] < summary[rate] < bounds[1]


def test_a_send_that_bounced_and_was_answered_counts_as_delivered_everywhere():
    """k0's hard bounce came from a forward of hers to a dead address; she read the original and
    replied. She was reached: her reply is never counted over a send that was not delivered."""
    with _warehouse_with_one_play() as con:
        con.execute("insert into reply_classifications values ('k0', 'human', 'question', null, '<r@x.example>', "
                    "null, ?, false)", [SENT + timedelta(hours=4)])
        status = ledger_counts(con)["p"]
        summary = _summary(con)
        by_play = performance(_per_send(con)).select(pl.col("sent", "delivered", "hard_bounces", "human_replies")
                                                      .sum()).row(0, named=True)
    assert (status["delivered"], status["bounces"], status["human_replies"]) == (6, 4, 3)
    assert (summary["delivered"], summary["bounces"], summary["human_replies"]) == (6, 4, 3)
    assert (by_play["delivered"], by_play["hard_bounces"], by_play["human_replies"]) == (6, 4, 3)
    assert status["reply_rate"] == summary["reply_rate"] == 3 / 6


def test_a_cell_whose_sends_all_bounced_and_were_answered_has_its_rates():
    """Two sends in one cell, both answered, one of them bounced as well: two replies over two
    delivered sends, where replies over one delivered send took the square root of a negative."""
    replied = SENT + timedelta(hours=2)
    sends = pl.DataFrame([_send(1, human=True, positive=True, hard_bounce=True, first_reply_at=replied),
                          _send(2, human=True, positive=True, first_reply_at=replied)])
    row = performance(sends).row(0, named=True)
    assert (row["delivered"], row["hard_bounces"], row["human_replies"], row["reply_rate"]) == (2, 1, 2, 1.0)


def test_mail_a_machine_sent_to_stop_is_an_unsubscribe_and_no_reply():
    """A mail client's List-Unsubscribe mailto (to the unsubscribe address) and a provider's opt-out
    report (``optout_via`` unsubscribe_mail) count as unsubscribes only; a person's reply asking to
    stop is still her reply."""
    with _warehouse_with_one_play() as con:
        con.execute("alter table reply_classifications add column optout_via varchar")
        for key, via in (("k5", "unsubscribe_mail"), ("k6", "unsubscribe_mail"), ("k7", "unsubscribe_reply")):
            con.execute("insert into reply_classifications values (?, 'human', 'unsubscribe', null, ?, null, ?, "
                        "false, ?)", [key, f"<{key}@x.example>", SENT + timedelta(hours=3), via])
        status = ledger_counts(con)["p"]
        summary = _summary(con)
        sends = _per_send(con)
        by_play = performance(sends).select(pl.col("human_replies", "unsubscribes").sum()).row(0, named=True)
    assert (status["human_replies"], status["unsubscribes"]) == (3, 3), "k8, k9 and k7's written request"
    assert (summary["human_replies"], summary["unsubscribes"]) == (3, 3)
    assert (by_play["human_replies"], by_play["unsubscribes"]) == (3, 3)
    assert sends.filter(pl.col("send_key").is_in(["k5", "k6"]))["first_reply_at"].is_null().all()


def test_every_count_holds_an_unsubscribe_or_complaint_against_the_sends_the_monitor_does():
    """By the link (naming its message), by mail (naming the person: her latest message), by a reply;
    a complaint with its message. One whose original lost our Message-ID (it names the person, in
    other letters) is unverified: no count or rate holds it, the status counts it apart against her
    latest message before it arrived."""
    with _warehouse_with_one_play() as con:
        con.execute("alter table reply_classifications add column recipients varchar")
        for n in (5, 7):  # a second step, three days on
            con.execute("insert into send_ledger (send_key, play, play_version, contact_email, mailbox, step, "
                        "variant, signal_type, status, sent_at, company_domain) values (?, 'p', 'v1', ?, "
                        "'sam@outreach.example', 2, 'a', 'hiring', 'sent', ?, ?)",
                        [f"k{n}b", f"c{n}@acme{n}.example", SENT + timedelta(days=3), f"acme{n}.example"])
        con.execute(EVENTS_DDL)
        for n, (target, reason, source) in enumerate((("C6@Acme6.example", "unsubscribe_link", "k6"),
                                                      ("c7@acme7.example", "unsubscribe_mail", None))):
            con.execute("insert into suppression_events (event_id, target, action, reason, source, recorded_by, "
                        "recorded_at) values (?, ?, 'add', ?, ?, 'system', ?)", [f"e{n}", target, reason, source, SENT])
        con.execute("insert into reply_classifications values ('k8', 'human', 'unsubscribe', null, '<u@x.example>', "
                    "null, ?, false, '[]')", [SENT + timedelta(hours=3)])
        con.execute("insert into reply_classifications values ('k9', 'complaint', null, null, '<c@x.example>', null, "
                    "?, false, '[]')", [SENT + timedelta(hours=3)])
        con.execute("insert into reply_classifications values (null, 'complaint', null, null, '<fbl@x.example>', null, "
                    "?, false, '[\"C5@Acme5.example\"]')", [SENT + timedelta(days=1)])
        monitor = sends_with_verdicts(con).filter(unsubscribe=True)["send_key"].to_list(), \
            sends_with_verdicts(con).filter(complaint=True)["send_key"].to_list()
        status = ledger_counts(con)["p"]
        summary = _summary(con)
        by_play = performance(_per_send(con)).select(pl.col("unsubscribes", "complaints").sum()).row(0, named=True)
    assert sorted(monitor[0]) == ["k6", "k7b", "k8"] and sorted(monitor[1]) == ["k9"], monitor
    assert status["unsubscribes"] == summary["unsubscribes"] == by_play["unsubscribes"] == len(monitor[0])
    assert status["complaints"] == summary["complaints"] == by_play["complaints"] == len(monitor[1])
    assert status["unverified_complaints"] == 1
    assert summary["complaint_rate"] == 1 / 12


def _demo_and_live_sends(con: duckdb.DuckDBPyConnection, *more: tuple) -> dict[str, bool]:
    """v1 went out under the demo's approval (and one of its decisions predates the mode column's
    values), v2 under a person's; the market answered k7 and k8, and k9 as well as a person. ``more``
    decisions as (id, version, by, mode)."""
    con.execute(APPROVALS_DDL)
    decisions = [(1, "v1", "demo", "demo"), (2, "v0", "demo", None), (3, "v2", "Dana Whitfield", "live"), *more]
    for decision_id, version, by, mode in decisions:
        con.execute("insert into play_approvals values (?, 'p', ?, 'approve', ?, ?, '', ?, null)",
                    [decision_id, version, by, SENT, mode])
    con.execute("update send_ledger set approved_by = 'demo', play_version = 'v0' where send_key = 'k0'")
    con.execute("update send_ledger set approved_by = 'demo' where send_key in ('k1', 'k2')")
    con.execute("update send_ledger set approved_by = 'Dana Whitfield', play_version = 'v2' "
                "where send_key not in ('k0', 'k1', 'k2')")
    con.execute("update reply_classifications set simulated = true where send_key in ('k7', 'k8')")
    con.execute("insert into reply_classifications values ('k9', 'out_of_office', null, null, '<s@x.example>', "
                "null, ?, true)", [SENT])
    return dict(_per_send(con).select("send_key", "simulated").rows())


def test_a_send_is_simulated_when_the_demo_released_it_or_only_the_market_answered_it(tmp_path):
    """In the demo's own folder, where its decisions count: the demo's silent sends are its market's
    outcomes too."""
    (tmp_path / DEMO_MARKER).write_text("marked as `sdr demo` marks its folder\n")
    with _warehouse_with_one_play(tmp_path / "warehouse.duckdb") as con:
        flagged = _demo_and_live_sends(con)
    assert sorted(k for k, simulated in flagged.items() if simulated) == ["k0", "k1", "k2", "k7", "k8"], (
        "demo sends, answered or not, and the sends only the market answered; k9's real reply outweighs "
        "its simulated one")


def test_a_demo_decision_on_a_live_warehouse_marks_no_send_simulated(tmp_path):
    """Outside the demo's folder a demo decision counts for nothing, at the gate as here: Dana tried v2
    with the demo's configuration first, and the sends her live approval released are real. So are the
    replies stored as simulated there: no market runs outside the demo's folder."""
    with _warehouse_with_one_play(tmp_path / "warehouse.duckdb") as con:
        flagged = _demo_and_live_sends(con, (0, "v2", "Dana Whitfield", "demo"))
    assert sorted(k for k, simulated in flagged.items() if simulated) == []
    assert len(flagged) == 10


def test_status_attributes_an_opt_out_without_loading_dagster():
    probe = textwrap.dedent("""
        import sys
        import duckdb
        from sdr_assets.ledger_counts import ledger_counts

        con = duckdb.connect()
        con.execute("create table send_ledger as select 'k1' as send_key, 'p' as play, 'c@acme.example' as "
                    "contact_email, 'sent' as status, now() as sent_at")
        con.execute("create table suppression_events as select 'c@acme.example' as target, 'add' as action, "
                    "'unsubscribe_link' as reason, 'k1' as source")
        print(ledger_counts(con)["p"]["unsubscribes"], "dagster" in sys.modules)
    """)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["1", "False"], done.stderr


def test_simulated_replies_are_the_market_s_human_replies_not_its_bounces(tmp_path):
    """In the demo's folder the market bounced k0 to k4, answered k7 out of office and wrote k8's and
    k9's replies: two simulated replies, as the summary's two human replies are."""
    (tmp_path / DEMO_MARKER).write_text("marked as `sdr demo` marks its folder\n")
    with _warehouse_with_one_play(tmp_path / "warehouse.duckdb") as con:
        con.execute("update reply_classifications set simulated = true")
        summary = _summary(con)
    assert (summary["human_replies"], summary["bounces"], summary["out_of_office"]) == (2, 4, 1)
    assert summary["simulated_replies"] == 2, "a bounce or an out-of-office answer is no reply"


def test_status_json_gives_each_plays_reply_rate_with_the_summary_s_interval(tmp_path):
    """`sdr status --json` carries the interval the table prints, the bounds of ``reply_rate_summary``."""
    from tests.command_line import CommandLine

    from sdr_assets.cli import app
    from tests.conftest import environ_for

    with _warehouse_with_one_play(tmp_path / "warehouse.duckdb") as con:
        summary = _summary(con)
        # The columns the status reads beside the counts (the bounces' addresses, for suppression).
        con.execute("alter table reply_classifications add column contact_email varchar")
        con.execute("alter table reply_classifications add column recipients varchar[] default []")
        con.execute("update reply_classifications c set contact_email = l.contact_email from send_ledger l "
                    "where l.send_key = c.send_key")
    result = CommandLine().invoke(app, ["status", "--json"], env=environ_for(tmp_path))
    assert result.exit_code == 0, result.output
    status = json.loads(result.output)["sends_by_play"]["p"]
    assert (status["reply_rate_low"], status["reply_rate_high"]) == (summary["reply_rate_low"],
                                                                     summary["reply_rate_high"])
    assert status["reply_rate_low"] < status["reply_rate"] == 2 / 5 < status["reply_rate_high"]


def test_a_rate_over_no_delivered_email_is_empty_between_the_bounds_its_description_names():
    """Every email bounced: no rate, and the interval 0 to 1 the UI's column descriptions announce."""
    from sdr_assets.analytics_columns import PERFORMANCE_COLUMNS, SUMMARY_COLUMNS

    sends = pl.DataFrame([_send(1, hard_bounce=True)]).with_columns(
        pl.col("first_reply_at").cast(pl.Datetime("us", "UTC")),
        pl.col("objection_reason", "message_ids").cast(pl.String))
    row = performance(sends).row(0, named=True)
    for rate in ("reply_rate", "positive_rate"):
        assert row[rate] is None and (row[f"{rate}_low"], row[f"{rate}_high"]) == (0, 1)
        for columns in (SUMMARY_COLUMNS, PERFORMANCE_COLUMNS):
            assert "empty when nothing was delivered" in columns[rate]
            for end in ("low", "high"):
                assert columns[f"{rate}_{end}"].endswith("the bounds are 0 and 1 when nothing was delivered.")

"""The analysts' notebooks run headless against a real snapshot of demo-like data, charts included.

The notebook libraries and ``sdr_assets.notebook_support`` (which loads matplotlib) are imported where
they are used: at the top they cost every worker a second or more when it collects this file.
"""

import mailbox
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest

from resources.config import DEMO_MARKER
from resources.defaults import build_resources
from sdr_assets.assembly import build_definitions
from sdr_assets.demo.market import simulate_replies
from sdr_assets.demo_run import sent_messages
from sdr_assets.runner import RunReport, run_due, run_replies
from tests.conftest import environ_for
from tests.openings import two_plays_sent
from tests.replies import reply_to

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
REPLY_RATES, DELIVERABILITY = NOTEBOOKS / "reply_rates.ipynb", NOTEBOOKS / "deliverability.ipynb"


REAL_REPLIES = 3  # sends the market left unanswered that a person then answers


@pytest.fixture(scope="module")
def snapshot_dir(openings, tmp_path_factory) -> Path:
    """Two approved plays, their sends answered by the demo's market in the demo's own folder (the
    only one where its mail counts as simulated) and triaged, then a few of the sends it left
    unanswered answered for real; a full `run_due` then triages, updates and exports it all (the
    same exports as a full `run_due` after each answer: on the opening's day nothing else is due).

    Built once for this module: every test here only reads the snapshot.
    """
    root = tmp_path_factory.mktemp("snapshot")
    instance = openings.open(two_plays_sent, root)
    (root / DEMO_MARKER).write_text("marked as `sdr demo` marks its folder\n")
    resources = build_resources(environ_for(root))
    defs = build_definitions(resources)
    inbox = Path(resources["mailbox"].path)
    simulate_replies(sent_messages(resources["warehouse"]), inbox, seed=7, now=datetime(2026, 11, 20, 12, tzinfo=UTC))
    run_replies(defs, instance, RunReport(), analytics=False)
    with resources["warehouse"].connect() as con:
        cursor = con.execute("select * from send_ledger l where status = 'sent' and not exists (select 1 from "
                             "reply_classifications c where c.send_key = l.send_key) order by send_key")
        silent = [dict(zip([c[0] for c in cursor.description], row)) for row in cursor.fetchall()]
    for sent in silent[::len(silent) // REAL_REPLIES][:REAL_REPLIES]:
        mailbox.Maildir(inbox, create=True).add(reply_to(sent, "Thanks, this is timely. Can we talk next week?",
                                                         datetime(2026, 11, 20, 14, tzinfo=UTC)))
    run_due(defs, instance)
    instance.dispose()
    return Path(resources["paths"].exports)


def _read(path: Path):
    import nbformat

    return nbformat.read(path, as_version=4)


def _execute(path: Path, exports: Path, **parameters):
    from nbclient import NotebookClient

    nb = _read(path)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    cell.source += "".join(f"\n{name} = {value!r}" for name, value in {"exports": str(exports), **parameters}.items())
    NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def _outputs(nb, mime: str) -> list[str]:
    return [o["data"][mime] for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
            if mime in o.get("data", {})]


def _text(nb) -> str:
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


@pytest.mark.parametrize("path", [REPLY_RATES, DELIVERABILITY])
def test_notebooks_are_committed_without_outputs_and_with_parameters(path):
    nb = _read(path)
    assert all(not cell.get("outputs") and not cell.get("execution_count") for cell in nb.cells
               if cell.cell_type == "code")
    assert any("parameters" in cell.metadata.get("tags", []) for cell in nb.cells)
    assert "cdn" not in path.read_text().lower()


def test_the_snapshot_shapes_what_the_notebooks_show(snapshot_dir):
    from sdr_assets.notebook_support import (
        load_snapshot,
        monitor_timeline,
        performance_rows,
        rates_by,
        sender_rates,
        variant_comparison,
        warmup_progress,
    )

    snapshot = load_snapshot(snapshot_dir)
    perf = performance_rows(snapshot, include_simulated=True)
    by_play = rates_by(perf, "play")
    assert set(by_play["play"].to_list()) == {"revops-hiring", "series-b-funding"}
    assert (by_play["reply_rate_low"] <= by_play["reply_rate"]).all()
    assert (by_play["reply_rate"] <= by_play["reply_rate_high"]).all()
    assert by_play["sent"].sum() == snapshot["send_ledger"].filter(pl.col("status") == "sent").height
    variants, result = variant_comparison(perf, "revops-hiring")
    assert variants.height == 2 and result.conclusion.startswith(("variant ", "no difference yet"))
    assert set(sender_rates(snapshot)["scope"].to_list()) == {"mailbox", "domain"}
    assert (warmup_progress(snapshot)["sent"] <= warmup_progress(snapshot)["allowance"]).all()
    assert {"approve"} <= set(monitor_timeline(snapshot)["what"].to_list())


# Per play, over the sends whose outcome is real: no reply, or a reply that is not simulated. A send
# every reply of which is simulated is left out whole; bounces, either kind, were not delivered.
REAL_OUTCOMES_SQL = """
with replies as (
    select send_key, bool_and(coalesce(simulated, false)) as simulated, bool_or(kind = 'human') as human,
           bool_or(kind = 'bounce') as bounced
    from read_parquet($replies) where send_key is not null group by send_key
), sends as (
    select l.play, lower(l.contact_email) as contact, r.* exclude (send_key)
    from read_parquet($ledger) l left join replies r using (send_key) where l.status = 'sent'
)
select play, count(*) filter (not coalesce(bounced, false)) as delivered, count(*) filter (human) as human_replies,
       count(distinct contact) filter (human) as contacts_replied
from sends where not coalesce(simulated, false) group by play order by play
"""


def test_left_out_simulated_outcomes_leave_their_sends_out_too(snapshot_dir):
    """The default view's reply rate is real replies over the sends with a real outcome or none."""
    from sdr_assets.notebook_support import funnel_rows, load_snapshot, performance_rows, rates_by

    snapshot = load_snapshot(snapshot_dir)
    with duckdb.connect() as con:
        expected = con.execute(REAL_OUTCOMES_SQL, {"replies": str(snapshot_dir / "reply_classifications.parquet"),
                                                   "ledger": str(snapshot_dir / "send_ledger.parquet")}).fetchall()
    assert sum(human for _, _, human, _ in expected) == REAL_REPLIES
    shown = rates_by(performance_rows(snapshot), "play")
    assert shown.select("play", "delivered", "human_replies").rows() == [row[:3] for row in expected]
    assert shown["reply_rate"].to_list() == [human / delivered for _, delivered, human, _ in expected]
    funnel = funnel_rows(snapshot)
    emailed = funnel.filter(pl.col("contacts_emailed") > 0)
    assert emailed.select("play", "contacts_replied").rows() == [(play, n) for play, *_, n in expected]

    everything = performance_rows(snapshot, include_simulated=True)
    assert everything["sent"].sum() == snapshot["send_ledger"].filter(pl.col("status") == "sent").height
    assert everything["human_replies"].sum() > REAL_REPLIES, "the market's replies are there when asked for"
    whole = funnel_rows(snapshot, include_simulated=True)
    assert whole["contacts_replied"].sum() > funnel["contacts_replied"].sum()
    assert whole.select("play", "signals_qualified", "contacts_drafted").rows() == funnel.select(
        "play", "signals_qualified", "contacts_drafted").rows(), "a play's signals and drafts count once"


def test_the_warmup_allowance_ramps_on_sending_days_up_to_the_configured_cap(monkeypatch):
    from sdr_assets.notebook_support import warmup_progress

    friday = datetime(2026, 11, 20, 9, tzinfo=UTC)
    sends = [("sam", 0, "sent"), ("sam", 3, "sent"), ("sam", 3, "sent"), ("sam", 5, "held"), ("sam", 13, "sent"),
             ("sam", 14, "sent"), ("lee", 14, "sent")]
    ledger = pl.DataFrame({"mailbox": [f"{m}@outreach.example" for m, _, _ in sends],
                           "sent_at": [friday + timedelta(days=d) for _, d, _ in sends],
                           "status": [status for *_, status in sends]})
    monkeypatch.setenv("SDR_MAILBOX_DAILY_CAP", "32")
    progress = warmup_progress({"send_ledger": ledger}).sort("mailbox", "day")
    assert progress.select("mailbox", "sent", "allowance").rows() == [
        ("lee@outreach.example", 1, 20),
        ("sam@outreach.example", 1, 20), ("sam@outreach.example", 2, 25), ("sam@outreach.example", 1, 30),
        ("sam@outreach.example", 1, 32),
    ], "+5 for each earlier day the mailbox sent on (weekends, idle days and held rows add nothing), capped at 32"


def test_reply_rates_notebook_executes_with_its_charts(snapshot_dir):
    nb = _execute(REPLY_RATES, snapshot_dir, include_simulated=True)
    assert len(_outputs(nb, "image/png")) == 5, "per play, signal, segment, funnel and weekly charts"
    tables = "".join(_outputs(nb, "text/html"))
    assert "revops-hiring" in tables and "reply_rate_low" in tables
    text = _text(nb)
    assert "Includes" in text and "simulated market" in text
    assert "revops-hiring: variant " in text or "revops-hiring: no difference yet" in text


def test_deliverability_notebook_executes_with_its_charts(snapshot_dir):
    nb = _execute(DELIVERABILITY, snapshot_dir)
    assert len(_outputs(nb, "image/png")) == 2
    tables = "".join(_outputs(nb, "text/html"))
    assert "sam@outreach.example" in tables and "outreach.example" in tables and "approve" in tables


def test_missing_snapshot_is_a_clear_error(tmp_path):
    from sdr_assets.notebook_support import load_snapshot

    with pytest.raises(FileNotFoundError, match="run `make demo`"):
        load_snapshot(tmp_path)


def _rates_with_an_undelivered_segment() -> tuple[pl.DataFrame, pl.DataFrame]:
    """Performance rows of two segments, one with replies over delivered emails, one whose every
    email bounced; and their rates by segment."""
    from sdr_assets.notebook_support import rates_by
    from sdr_assets.performance import COUNTS

    counts = {c: [0, 0] for c in COUNTS}
    counts.update(sent=[10, 4], delivered=[10, 0], hard_bounces=[0, 4], human_replies=[3, 0],
                  positive_replies=[1, 0])
    perf = pl.DataFrame({"segment": ["fintech", "logistics"], "week": [datetime(2026, 11, 16).date()] * 2,
                         "play": ["revops-hiring"] * 2, **counts})
    return perf, rates_by(perf, "segment")


def test_a_rate_over_no_delivered_email_is_drawn_as_no_point_not_as_zero():
    """A segment whose every email bounced has no reply rate: the chart shows no dot at 0 % for it,
    and its label says why."""
    import math

    from sdr_assets.notebook_support import interval_chart

    _, rates = _rates_with_an_undelivered_segment()
    fig = interval_chart(rates, "segment", "By segment")
    ax = fig.axes[0]
    for container in ax.containers:
        xs = list(container.lines[0].get_xdata())
        assert xs[0] > 0 and math.isnan(xs[1]), "fintech has a rate, logistics none"
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["fintech", "logistics (none delivered)"]


def test_a_week_with_no_delivered_email_has_no_rate_on_the_weekly_chart():
    import math

    from sdr_assets.notebook_support import weekly_chart

    perf, _ = _rates_with_an_undelivered_segment()
    bounced_week = perf.filter(pl.col("segment") == "logistics").with_columns(
        play=pl.lit("series-b-funding"))
    fig = weekly_chart(pl.concat([perf.filter(pl.col("segment") == "fintech"), bounced_week]))
    ax = fig.axes[0]
    points = {c.get_label(): list(c.lines[0].get_ydata()) for c in ax.containers}
    assert points["revops-hiring"] == [30.0]
    assert all(math.isnan(y) for y in points["series-b-funding"]), "no reply rate, not 0 %"


def test_a_single_weeks_rate_shows_its_interval_on_an_axis_around_that_week():
    """After one week of sends each play has one point: its interval still shows (a band between one
    week and itself has no width), and the axis spans days around it, not years."""
    from matplotlib.dates import num2date

    from sdr_assets.notebook_support import weekly_chart

    perf, rates = _rates_with_an_undelivered_segment()
    fig = weekly_chart(perf.filter(pl.col("segment") == "fintech"))
    ax = fig.axes[0]
    [bars] = [c for c in ax.containers if c.get_label() == "revops-hiring"]
    [segment] = bars.lines[2][0].get_segments()
    fintech = rates.row(0, named=True)
    assert [y for _, y in segment] == pytest.approx([fintech["reply_rate_low"] * 100,
                                                     fintech["reply_rate_high"] * 100])
    start, end = (num2date(x).date() for x in ax.get_xlim())
    assert (end - start).days <= 14 and start < perf["week"][0] < end


def test_a_play_that_sent_nothing_shows_per_play_with_its_state_and_no_rate():
    """The per-play view lists every play of `reply_rate_summary`: one waiting for approval, or
    approved with nothing sent, has zeros, no point on the chart and a label that says so."""
    from sdr_assets.notebook_support import interval_chart, play_rates, variant_comparison

    perf, _ = _rates_with_an_undelivered_segment()
    perf = perf.with_columns(play_version=pl.lit("v1"), variant=pl.lit("a"))
    summary = pl.DataFrame({"play": ["data-stack-adopters", "revops-hiring", "series-b-funding"],
                            "state": ["no sends yet", "sent", "waiting for approval"]})
    rates = play_rates(perf, {"reply_rate_summary": summary})
    assert rates.select("play", "state", "sent", "reply_rate").rows() == [
        ("data-stack-adopters", "no sends yet", 0, None), ("revops-hiring", "sent", 14, 3 / 10),
        ("series-b-funding", "waiting for approval", 0, None)]
    labels = [t.get_text() for t in interval_chart(rates, "play", "Per play").axes[0].get_yticklabels()]
    assert labels == ["data-stack-adopters (none delivered)", "revops-hiring", "series-b-funding (none delivered)"]
    assert variant_comparison(perf, "series-b-funding")[1].conclusion.startswith("no difference yet")


def test_the_weekly_charts_intervals_of_one_week_stand_apart_play_by_play():
    """Three plays sending in the same weeks: each play's error bar stands at its own place within the
    week, a day or more from the next, so no interval hides another; each stays within its week."""
    from sdr_assets.notebook_support import weekly_chart

    perf, _ = _rates_with_an_undelivered_segment()
    fintech = perf.filter(pl.col("segment") == "fintech")
    weeks = [datetime(2026, 11, 9).date(), datetime(2026, 11, 16).date()]
    perf = pl.concat([fintech.with_columns(play=pl.lit(play), week=pl.lit(week))
                      for play in ("a-play", "b-play", "c-play") for week in weeks])
    ax = weekly_chart(perf).axes[0]
    for n, week in enumerate(weeks):
        xs = sorted(datetime.combine(x, datetime.min.time()) if not isinstance(x, datetime) else x
                    for x in (c.lines[0].get_xdata()[n] for c in ax.containers))
        assert all(later - earlier >= timedelta(days=1) for earlier, later in zip(xs, xs[1:])), xs
        middle = datetime.combine(week, datetime.min.time())
        assert all(abs(x - middle) <= timedelta(days=2) for x in xs), xs
        bars = sorted(c.lines[2][0].get_segments()[n][0][0] for c in ax.containers)
        assert len(set(bars)) == 3, "each play's interval drawn at its own place"

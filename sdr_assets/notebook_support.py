"""What the analysis notebooks call: read the Parquet snapshot, shape it, test it, chart it.

Charts are matplotlib figures, rendered as static images: they show in any Jupyter, offline.
Sends whose outcome the demo's market simulated (``performance``) are left out whole unless asked
for: from the replies and from the sends the rates divide them by.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime, time, timedelta
from pathlib import Path

import matplotlib.pyplot as plt
import polars as pl

from resources.config import SendRules, settings_from_env
from sdr_assets.analytics import EXPORTED_TABLES
from sdr_assets.domain.deliverability import DeliverabilityLimits
from sdr_assets.domain.sequencing import Limits, ramp_days, warmup_capacity
from sdr_assets.domain.stats import Comparison, compare
from sdr_assets.person_keys import person_keys
from sdr_assets.performance import CONTACT_COUNTS, COUNTS, with_intervals

RATE_COLUMNS = ("reply_rate", "reply_rate_low", "reply_rate_high", "positive_rate", "positive_rate_low",
                "positive_rate_high")


def _done(fig):
    """Lay the figure out and detach it from pyplot: the notebook shows the returned figure once."""
    fig.tight_layout()
    plt.close(fig)
    return fig


def load_snapshot(folder: Path | str) -> dict[str, pl.DataFrame]:
    """Every exported table present in ``folder``; a missing snapshot is a clear error."""
    folder = Path(folder)
    found = {t: pl.read_parquet(folder / f"{t}.parquet") for t in EXPORTED_TABLES if (folder / f"{t}.parquet").exists()}
    if "reply_rate_summary" not in found:
        raise FileNotFoundError(f"no snapshot in {folder}: run `make demo` or `sdr run` first")
    return found


def performance_rows(snapshot: dict[str, pl.DataFrame], include_simulated: bool = False) -> pl.DataFrame:
    """The performance table, without the sends whose outcome was simulated unless asked."""
    frame = snapshot.get("reply_performance", pl.DataFrame())
    if frame.is_empty() or include_simulated:
        return frame
    return frame.filter(~pl.col("simulated"))


def simulated_note(snapshot: dict[str, pl.DataFrame], include_simulated: bool) -> str:
    frame = snapshot.get("reply_performance", pl.DataFrame())
    simulated = int(frame.filter(pl.col("simulated"))["sent"].sum()) if frame.height else 0
    if not simulated:
        return "No simulated outcomes in this snapshot."
    if include_simulated:
        return f"Includes {simulated} sends whose outcome the demo's simulated market made."
    return (f"Left out {simulated} sends whose outcome the demo's simulated market made (their replies and the "
            "sends themselves); set include_simulated = True in the parameters cell to see them.")


def rates_by(perf: pl.DataFrame, *keys: str) -> pl.DataFrame:
    """Counts summed over ``keys``, with reply and positive rates and their 95 % Wilson intervals."""
    if perf.is_empty():
        return pl.DataFrame(schema={**{k: pl.String for k in keys}, **{c: pl.Int64 for c in COUNTS},
                                    **{c: pl.Float64 for c in RATE_COLUMNS}})
    summed = perf.group_by(list(keys)).agg(*(pl.col(c).sum() for c in COUNTS)).sort(list(keys))
    return with_intervals(summed)


def play_rates(perf: pl.DataFrame, snapshot: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Rates per play (``rates_by``), each play of ``reply_rate_summary`` included: one that sent
    nothing shown here has a row of zeros and no rate, and ``state`` says why ("waiting for approval",
    "no sends yet", "simulated sends only" where every send's outcome was simulated and left out)."""
    rates = rates_by(perf, "play")
    summary = snapshot.get("reply_rate_summary", pl.DataFrame())
    states = dict(zip(summary["play"], summary["state"])) if "state" in summary.columns else {}
    shown = set(rates["play"].to_list())
    missing = sorted(set(states) - shown)
    if missing:
        zeros = pl.DataFrame({"play": missing, **{c: [0] * len(missing) for c in COUNTS}},
                             schema={"play": pl.String, **dict.fromkeys(COUNTS, pl.Int64)})
        rates = pl.concat([rates, with_intervals(zeros)], how="diagonal_relaxed").sort("play")
    state = {p: "sent" if p in shown else "simulated sends only" if s == "sent" else s for p, s in states.items()}
    return rates.with_columns(state=pl.col("play").replace_strict(state, default="sent", return_dtype=pl.String))


def _percent(values: list[float | None]) -> list[float]:
    """Rates as percentages to plot; a rate over no delivered email is NaN, which draws no point."""
    return [math.nan if v is None else v * 100 for v in values]


def interval_chart(rates: pl.DataFrame, label: str, title: str):
    """Reply and positive rates per ``label`` with their intervals as error bars. A row with no
    delivered email has no rate: it shows no point, and its label says so."""
    fig, ax = plt.subplots(figsize=(7, 1.6 + 0.5 * max(1, rates.height)))
    labels = [f"{v}" if rate is not None else f"{v} (none delivered)"
              for v, rate in zip(rates[label].to_list(), rates["reply_rate"].to_list())]
    for offset, (name, colour) in enumerate((("reply_rate", "tab:blue"), ("positive_rate", "tab:green"))):
        values = _percent(rates[name].to_list())
        low = [max(0.0, v - lo * 100) for v, lo in zip(values, rates[f"{name}_low"].to_list())]
        high = [max(0.0, hi * 100 - v) for v, hi in zip(values, rates[f"{name}_high"].to_list())]
        ys = [i + 0.2 * (offset - 0.5) for i in range(len(labels))]
        ax.errorbar(values, ys, xerr=[low, high], fmt="o", color=colour, capsize=3, label=name.replace("_", " "))
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("% of delivered emails (95 % Wilson interval)")
    ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35), ncol=2, frameon=False)
    return _done(fig)


def latest_version(perf: pl.DataFrame) -> str | None:
    """The play version ``perf`` last sent under: its latest week's; if two share it (the week an edit
    was approved), the one that began sending later (``first_sent_at``, to the moment; a table stored
    before the column knows the week only)."""
    if perf.is_empty():
        return None
    began = pl.col("first_sent_at").min() if "first_sent_at" in perf.columns else pl.col("week").min()
    versions = perf.group_by("play_version").agg(last=pl.col("week").max(), first=began)
    return versions.sort("last", "first", "play_version", descending=True, nulls_last=True)["play_version"][0]


def variant_comparison(perf: pl.DataFrame, play: str, positive: bool = False) -> tuple[pl.DataFrame, Comparison]:
    """Per variant of one play, and a two-sided test of its two most-tried variants (``compare``).

    A trial is one person's sequence, under the variant of her first email: a reply to any step is its
    success, and her follow-ups are no further trials (counting each email would weigh a three-step
    sequence three times and narrow the interval). Reply rates here are people who replied over people
    reached. Over the sequences begun under the version the play last sent under: an approved edit
    may have rewritten a variant's copy, so earlier versions' are left out. The conclusion names the
    version."""
    sends = perf.filter(pl.col("play") == play)
    version = latest_version(sends)
    begun_under = sends.filter(pl.col("play_version") == version) if version is not None else sends.clear()
    summed = rates_by(begun_under, "variant").select("variant", *CONTACT_COUNTS)
    variants = with_intervals(summed, "contacts_reached", "contacts_replied", "contacts_positive").sort(
        "contacts_reached", "variant", descending=[True, False])
    hits = "contacts_positive" if positive else "contacts_replied"
    what = "positive-reply rate" if positive else "reply rate"
    if variants.height < 2:
        only = variants["variant"][0] if variants.height else "none"
        result = compare(only, 0, 0, "(no second variant)", 0, 0, what, unit="people")
    else:
        a, b = variants.row(0, named=True), variants.row(1, named=True)
        result = compare(a["variant"], a[hits], a["contacts_reached"], b["variant"], b[hits], b["contacts_reached"],
                         what, unit="people")
    if version is None:
        return variants, result
    begun = f"over the sequences begun under version {version} only"
    return variants, replace(result, conclusion=f"{result.conclusion}, {begun}")


FUNNEL_STAGES = ("signals_qualified", "accounts_ready", "contacts_drafted", "contacts_emailed", "contacts_replied",
                 "contacts_positive", "meetings")


def funnel_rows(snapshot: dict[str, pl.DataFrame], include_simulated: bool = False) -> pl.DataFrame:
    """One row per play: its contacts with real outcomes only, or with the simulated ones added in."""
    frame = snapshot.get("outreach_funnel", pl.DataFrame())
    if frame.is_empty():
        return frame
    if not include_simulated:
        frame = frame.filter(~pl.col("simulated"))
    return frame.group_by("play", maintain_order=True).agg(pl.col(s).sum() for s in FUNNEL_STAGES).sort("play")


def funnel_chart(funnel: pl.DataFrame):
    """Signal to meeting, one line of bars per play."""
    fig, ax = plt.subplots(figsize=(8, 3.5))
    width = 0.8 / max(1, funnel.height)
    for i, row in enumerate(funnel.iter_rows(named=True)):
        ax.bar([s + i * width for s in range(len(FUNNEL_STAGES))], [row[s] for s in FUNNEL_STAGES], width,
               label=row["play"])
    ax.set_xticks([s + 0.4 - width / 2 for s in range(len(FUNNEL_STAGES))],
                  [s.replace("_", " ") for s in FUNNEL_STAGES], rotation=25, ha="right")
    ax.set_yscale("symlog")
    ax.set_title("Funnel: signal to meeting (each play's whole history)")
    if funnel.height:
        ax.legend()
    return _done(fig)


# The part of a week the plays' points share, side by side, so no play's interval hides another's.
WEEK_SPREAD = timedelta(days=4)
# Up to this many weeks, each is marked on the axis by its date.
MARKED_WEEKS = 12


def weekly_chart(perf: pl.DataFrame):
    """Reply rate per play and week with its interval as an error bar, which shows for a single week
    too; a week with no delivered email shows none. Each play's points stand a little apart within
    their week (``WEEK_SPREAD``), so the intervals of one week never overlap. The axis spans the
    weeks sent in, a few days either side."""
    weekly = rates_by(perf, "play", "week")
    fig, ax = plt.subplots(figsize=(7, 3.2))
    plays = weekly["play"].unique().sort().to_list()
    step = WEEK_SPREAD / max(1, len(plays))
    for i, play in enumerate(plays):
        rows = weekly.filter(pl.col("play") == play).sort("week")
        rate = _percent(rows["reply_rate"].to_list())
        low = [v - lo * 100 for v, lo in zip(rate, rows["reply_rate_low"].to_list())]
        high = [hi * 100 - v for v, hi in zip(rate, rows["reply_rate_high"].to_list())]
        shift = step * (i - (len(plays) - 1) / 2)
        ax.errorbar([_at(week) + shift for week in rows["week"].to_list()], rate, yerr=[low, high], marker="o",
                    capsize=2, elinewidth=1, label=play)
    ax.set_ylabel("reply rate, %")
    ax.set_title("Reply rate by week (95 % interval)")
    if weekly.height:
        ax.set_xlim(_at(weekly["week"].min()) - timedelta(days=4), _at(weekly["week"].max()) + timedelta(days=4))
        weeks = weekly["week"].unique().sort().to_list()
        if len(weeks) <= MARKED_WEEKS:  # each group of points under its week's date
            ax.set_xticks([_at(w) for w in weeks], [f"{w:%Y-%m-%d}" for w in weeks])
        ax.legend()
    fig.autofmt_xdate()
    return _done(fig)


def _at(week) -> datetime:
    """A week's first day as a moment, which a part of a day can be added to."""
    return week if isinstance(week, datetime) else datetime.combine(week, time())


def sender_rates(snapshot: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """The deliverability guard's latest reading of each mailbox and sending domain."""
    readings = snapshot.get("monitor_readings", pl.DataFrame())
    if readings.is_empty():
        return pl.DataFrame(schema={"scope": pl.String, "name": pl.String, "state": pl.String, "sends": pl.Int64,
                                    "hard_bounces": pl.Int64, "complaints": pl.Int64, "bounce_rate": pl.Float64,
                                    "complaint_rate": pl.Float64})
    return readings.filter(pl.col("scope").is_in(["mailbox", "domain"])).select(
        "scope", pl.col("scope_value").alias("name"), "state", "sends", "hard_bounces", "complaints",
        pl.col("statistic").alias("bounce_rate"), pl.col("rate").alias("complaint_rate"),
    ).sort("scope", "name")


def sender_chart(rates: pl.DataFrame, limits: DeliverabilityLimits | None = None):
    """Bounce and complaint rates per mailbox and domain, each labelled with its state and sends,
    against the pause and warning lines the guard pauses by: ``limits``, by default the configured
    ones (``SDR_MAX_BOUNCE_RATE``, the complaint rates, ``SDR_DELIVERABILITY_WINDOW_DAYS`` and the
    guard's minimums of sends and of bounces)."""
    limits = limits or settings_from_env()["policy"].deliverability_limits()
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 0.8 + 0.45 * max(1, rates.height)), sharey=True)
    names = [f"{r['scope']}: {r['name']} ({r['state']}, {r['sends']:,} sends)" for r in rates.iter_rows(named=True)]
    left.barh(names, [v * 100 for v in rates["bounce_rate"].to_list()], color="tab:orange")
    left.axvline(limits.max_bounce_rate * 100, color="red", linestyle="--", label="pause")
    left.set_title(f"hard bounces, % (pause from {limits.min_bounces} bounces)")
    right.barh(names, [v * 100 for v in rates["complaint_rate"].to_list()], color="tab:purple")
    right.axvline(limits.warn_complaint_rate * 100, color="orange", linestyle=":", label="warn")
    right.axvline(limits.max_complaint_rate * 100, color="red", linestyle="--", label="pause")
    right.set_title("complaints, %")
    right.legend(loc="lower right")
    fig.suptitle(f"Last {limits.window_days} days (complaint rates over at least {limits.min_sends:,} sends "
                 "per mailbox, fewer while it warms up)")
    return _done(fig)


def warmup_progress(snapshot: dict[str, pl.DataFrame], rules: SendRules | None = None) -> pl.DataFrame:
    """Sends per mailbox and UTC day next to that day's warm-up allowance, as the send step reckons it
    with ``rules`` (by default the configured ones: ``SDR_MAILBOX_DAILY_CAP`` and the warm-up)."""
    schema = {"mailbox": pl.String, "day": pl.Date, "sent": pl.Int64, "allowance": pl.Int64}
    ledger = snapshot.get("send_ledger", pl.DataFrame())
    if ledger.is_empty():
        return pl.DataFrame(schema=schema)
    rules = rules or settings_from_env()["policy"]
    limits = Limits(mailbox_daily_cap=rules.mailbox_daily_cap, warmup_start=rules.warmup_start,
                    warmup_increment=rules.warmup_increment, play_daily_cap=0,  # no play's cap on this chart
                    max_idle_days=rules.warmup_max_idle_days)
    # One real mailbox, however the plays spell it (``person_key``), warms up and is capped once, as the
    # send step and the deliverability guard count it.
    sent = ledger.filter(pl.col("status") == "sent")
    sent = sent.with_columns(mailbox=person_keys(sent["mailbox"]))
    daily = (sent
             .group_by("mailbox", day=pl.col("sent_at").dt.convert_time_zone("UTC").dt.date())
             .agg(pl.len().alias("sent")).sort("mailbox", "day"))
    # Each row is a day the mailbox sent on: the days before it in its mailbox are its ramp.
    allowances, before = [], {}
    for mailbox, day in daily.select("mailbox", "day").iter_rows():
        earlier = before.setdefault(mailbox, [])
        allowances.append(warmup_capacity(limits, ramp_days(earlier, day, limits.max_idle_days)))
        earlier.append(day)
    return daily.with_columns(pl.Series("allowance", allowances)).cast(schema)


def warmup_chart(progress: pl.DataFrame):
    fig, ax = plt.subplots(figsize=(7, 3))
    for mailbox in progress["mailbox"].unique().sort().to_list():
        rows = progress.filter(pl.col("mailbox") == mailbox)
        line = ax.plot(rows["day"].to_list(), rows["sent"].to_list(), marker="o", label=mailbox)[0]
        ax.plot(rows["day"].to_list(), rows["allowance"].to_list(), linestyle="--", color=line.get_color())
    ax.set_title("Warm-up: sends per day (dashed: allowance)")
    if progress.height:
        ax.legend()
    fig.autofmt_xdate()
    return _done(fig)


def monitor_timeline(snapshot: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Pauses, lifts and the people's decisions on plays, oldest first, each with the play it is about
    (none for a mailbox's or a domain's): a segment's pause names its segment alone, which two plays
    may both mail."""
    schema = {"at": pl.Datetime("us", "UTC"), "what": pl.String, "scope": pl.String, "name": pl.String,
              "play": pl.String, "by": pl.String, "detail": pl.String}
    parts = [pl.DataFrame(schema=schema)]
    pauses = snapshot.get("monitor_pauses", pl.DataFrame())
    if pauses.height:
        parts.append(pauses.select(
            pl.col("recorded_at").dt.convert_time_zone("UTC").alias("at"), pl.col("event").alias("what"), "scope",
            pl.col("scope_value").alias("name"), "play", pl.lit("monitor").alias("by"),
            pl.col("reason").alias("detail"),
        ).cast(schema))
    decisions = snapshot.get("play_approvals", pl.DataFrame())
    if decisions.height:
        parts.append(decisions.select(
            pl.col("decided_at").dt.convert_time_zone("UTC").alias("at"), pl.col("decision").alias("what"),
            pl.lit("play").alias("scope"), pl.col("play").alias("name"), "play", pl.col("decided_by").alias("by"),
            pl.col("note").fill_null("").alias("detail"),
        ).cast(schema))
    return pl.concat(parts).sort("at")

"""One buying event, whichever sources report it: the facts that name an event, across feeds.

A row's ``event_key`` names what one source said (its source, day and evidence text); two vendors
word the same funding round or job posting differently, each under its own id. The occurrence here
is what they agree on: the company, the type, the day (UTC) and the type's identifying facts. Intent
is a vendor's own measure, so each source's intent stays its own event.

A job posting's URL names it on any day: a vendor posting it again, or a second vendor a day later,
reports the same opening, so a hiring row with a ``posting_url`` is one event with the rows of that
company and URL it is observed within ``POSTING_WINDOW`` of: the window slides with each report, so
a posting reposted weekly stays one event however long it runs. Two sources' rows of one URL are
one event whatever role each names; one source's are only if they name the same role (its own
repost): a vendor that gives its careers page as every posting's URL names each role apart.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl

from sdr_assets.domain.signal_bulk import ROW_SCHEMA

# The attributes that name an event of each type; the type's own URL attribute, where given, names it
# alone. A row's evidence_url never does: one careers or news page names many events.
FACTS = {
    "funding": ("round", "amount", "currency"),
    "hiring": ("role",),
    "tech_adoption": ("technology", "change"),
    "leadership_change": ("person", "new_role"),
    "product_launch": ("product",),
}
URLS = {"hiring": "posting_url", "product_launch": "url"}
# A report keeps its whole row: it stands as the signal if the one it was merged into leaves.
MERGED_SCHEMA = {
    "signal_id": pl.String,  # the stored signal this report is one more source of
    "reported_signal_id": pl.String,
    **{name: kind for name, kind in ROW_SCHEMA.items() if name != "signal_id"},
}
NO_MERGES = pl.DataFrame(schema=MERGED_SCHEMA)
POSTING_WINDOW = timedelta(days=30)
POSTING = "posting"  # the day slot of a posting's occurrence: its URL names it on any day


def _attribute(name: str) -> pl.Expr:
    return pl.col("attributes").str.json_path_match(f"$.{name}").fill_null("").str.to_lowercase()


def _facts(signal_type: str, fields: tuple[str, ...]) -> pl.Expr:
    facts = pl.concat_str([_attribute(f) for f in fields], separator="\x1f")
    if signal_type not in URLS:
        return facts
    url = _attribute(URLS[signal_type])
    return pl.when(url != "").then(pl.lit("url\x1f") + url).otherwise(facts)


Member = tuple[str, str, datetime]  # a row of an event: its source (lower case), role (lower case), time


def is_posting(key: str) -> bool:
    return key.split("\x1f", 3)[2] == POSTING


def same_event(key: str, source: str, role: str, observed_at: datetime, members: list[Member]) -> bool:
    """Whether a row of occurrence ``key`` reports the event of ``members`` (its kept row first, then
    the reports merged into it): a posting observed within the window of one of its rows, unless
    the event holds a row of the same source naming another role; any other event only from another
    source than its kept row's."""
    if not is_posting(key):
        return source != members[0][0]
    times = [at for _, _, at in members]
    return (min(times) - POSTING_WINDOW <= observed_at <= max(times) + POSTING_WINDOW
            and all(their_role == role for their_source, their_role, _ in members if their_source == source))


def roles(frame: pl.DataFrame) -> pl.Series:
    """The role each hiring row of a signals frame names, in lower case ("" for none and other types):
    the attributes of the hiring rows alone are searched."""
    hiring = (frame["signal_type"] == "hiring").fill_null(False)
    found = frame.filter(hiring).select(_attribute("role").str.strip_chars()).to_series()
    if found.len() == frame.height:
        return found.alias("role")
    return pl.Series("role", [""] * frame.height, dtype=pl.String).scatter(hiring.arg_true(), found)


def occurrences(frame: pl.DataFrame) -> pl.Series:
    """The occurrence key of each row of a signals frame: null for a row without one (intent: its
    event_key names it). Rows share attribute texts: each distinct text of a type is searched once,
    and for its type's facts only."""
    if not frame.height:
        return pl.Series("occurrence", [], dtype=pl.String)
    rows = frame.select("company_domain", "signal_type", "observed_at", "attributes")
    texts = rows.select("signal_type", "attributes").unique()
    facts = pl.concat([_NO_FACTS, *(mine.with_columns(_facts=_facts(signal_type, FACTS[signal_type]))
                                    for (signal_type,), mine in texts.partition_by("signal_type", as_dict=True).items()
                                    if signal_type in FACTS)])
    keyed = rows.join(facts, on=["signal_type", "attributes"], how="left", nulls_equal=True, maintain_order="left")
    posting = (pl.col("signal_type") == "hiring") & pl.col("_facts").str.starts_with("url\x1f")
    day = pl.when(posting).then(pl.lit(POSTING)).otherwise(pl.col("observed_at").dt.date().cast(pl.String))
    return keyed.select(pl.concat_str([pl.col("company_domain"), pl.col("signal_type"), day, pl.col("_facts")],
                                      separator="\x1f").alias("occurrence")).to_series()


_NO_FACTS = pl.DataFrame(schema={"signal_type": pl.String, "attributes": pl.String, "_facts": pl.String})


def merged_reports(reports: pl.DataFrame, into: pl.Series) -> pl.DataFrame:
    """``reports`` (signal rows) as reports of the stored signals ``into`` names, one for each row."""
    return (reports.rename({"signal_id": "reported_signal_id"}).with_columns(into.alias("signal_id"))
            .select(list(MERGED_SCHEMA)).cast(MERGED_SCHEMA))

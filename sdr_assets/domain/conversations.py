"""Which conversation a contact's message that answers none of our Message-IDs joins, set-based.

Such a message is first tied to her latest send (our latest mail to her). It joins instead the send
of the conversation she is in: that of her latest reply before it, when that reply came after our
latest mail to her (she is answering a rep's own mail in it). A reply counts as before it when it
was read earlier, or in the same read and written earlier: the messages of one read are matched as
they would be had each come in its own read, in the order she wrote them.
"""

import polars as pl

from sdr_assets.domain.addresses import person_mailbox

# The columns a batch of classified rows carries for this rule, dropped once it has run.
BY_SENDER, FETCHED_AT = "_by_sender", "_fetched_at"
RULE_COLUMNS = {BY_SENDER: pl.Boolean, FETCHED_AT: pl.Datetime("us", "UTC")}
# Her replies matched to a send: one per message, with when she wrote it and when it was read.
REPLIED_SCHEMA = {"message_id": pl.String, "contact_email": pl.String, "send_key": pl.String,
                  "replied_at": pl.Datetime("us", "UTC"), "fetched_at": pl.Datetime("us", "UTC")}


def _mailboxes(frame: pl.DataFrame, addresses: pl.Series) -> pl.DataFrame:
    """``frame`` with the mailbox each of its ``contact_email`` reaches (worked out once per address)."""
    unique = addresses.drop_nulls().unique().to_list()
    return frame.with_columns(mailbox=pl.col("contact_email").replace_strict(
        unique, [person_mailbox(a) for a in unique], default=None, return_dtype=pl.String))


def in_conversations(rows: pl.DataFrame, replied: pl.DataFrame, sends: pl.DataFrame) -> pl.DataFrame:
    """``rows`` (classified replies carrying ``RULE_COLUMNS``) with each one matched by its sender moved
    into the conversation she is in, and without the rule's columns. Her replies are those of
    ``replied`` (stored, ``REPLIED_SCHEMA``) not among ``rows``, and the people's replies of ``rows``
    matched by Message-ID; ``sends`` is the ledger (send_key, play, contact_email, sent_at)."""
    asking = rows.filter(pl.col(BY_SENDER) & pl.col("send_key").is_not_null())
    if asking.is_empty() or sends.is_empty():
        return rows.drop(*RULE_COLUMNS)
    at = pl.coalesce("received_at", FETCHED_AT)
    batch = rows.filter(~pl.col(BY_SENDER) & pl.col("send_key").is_not_null() & (pl.col("kind") == "human"))
    pool = pl.concat([
        replied.filter(~pl.col("message_id").is_in(rows["message_id"].implode())).select(list(REPLIED_SCHEMA)),
        batch.select("message_id", "contact_email", "send_key", replied_at=at, fetched_at=FETCHED_AT),
    ])
    ledger = sends.select("send_key", "play", "contact_email", "sent_at").unique("send_key")
    asking = asking.select("message_id", "contact_email", "send_key", at=at, fetched_at=FETCHED_AT).join(
        ledger.select("send_key", latest_at="sent_at"), on="send_key")
    addresses = pl.concat([pool["contact_email"], asking["contact_email"]])
    earlier = _mailboxes(asking, addresses).join(_mailboxes(pool, addresses).drop("message_id", "contact_email"),
                                                 on="mailbox", suffix="_r").filter(
        (pl.col("fetched_at_r") < pl.col("fetched_at"))
        | ((pl.col("fetched_at_r") == pl.col("fetched_at")) & (pl.col("replied_at") < pl.col("at"))))
    moved = (earlier.group_by("message_id").agg(pl.all().sort_by("replied_at").last())
             .filter(pl.col("replied_at") > pl.col("latest_at"))
             .select("message_id", joined="send_key_r")
             .join(ledger.select(joined="send_key", joined_play="play", joined_contact="contact_email"), on="joined"))
    rejoined = pl.col("joined").is_not_null()
    return (rows.join(moved, on="message_id", how="left", maintain_order="left")
            .with_columns(**{column: pl.when(rejoined).then(new).otherwise(column) for column, new in
                             (("send_key", "joined"), ("play", "joined_play"), ("contact_email", "joined_contact"))})
            .drop("joined", "joined_play", "joined_contact", *RULE_COLUMNS))

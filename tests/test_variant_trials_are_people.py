"""The variant A/B test counts one trial per person (her sequence, under her first email's variant),
not one per email: a three-step sequence would otherwise weigh three times."""

from datetime import UTC, datetime, timedelta

import polars as pl

from sdr_assets.domain.stats import compare
from sdr_assets.notebook_support import variant_comparison
from sdr_assets.performance import performance

SENT = datetime(2026, 11, 16, 9, tzinfo=UTC)
FLAGS = ("not_interested", "objection", "unsubscribe", "complaint", "hard_bounce", "soft_bounce", "human",
         "positive", "out_of_office", "auto_reply")


def _send(person: str, variant: str, step: int, **outcome) -> dict:
    row = {"send_key": f"{person}-{step}", "play": "p", "play_version": "v1", "mailbox": "sam@outreach.example",
           "contact_email": f"{person}@acme.example", "company_domain": "acme.example",
           "sent_at": SENT + timedelta(days=3 * (step - 1)), "segment": "Software", "variant": variant,
           "signal_type": "hiring", "step": step, "message_ids": None, "simulated": False, "meetings": 0,
           "objection_reason": None, "first_reply_at": None, **dict.fromkeys(FLAGS, False)}
    return {**row, **outcome}


def _frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema_overrides={"first_reply_at": pl.Datetime("us", "UTC"),
                                                "objection_reason": pl.String, "message_ids": pl.String})


def _sequences(variant: str, people: int, repliers: int) -> list[dict]:
    """``people`` three-step sequences; each of the first ``repliers`` answered all three emails."""
    return [_send(f"{variant}{n}", variant, step, human=n < repliers) for n in range(people) for step in (1, 2, 3)]


def test_follow_ups_are_no_further_trials():
    """10 of 100 people replied under a, 18 of 100 under b, each to all three emails: per email that
    is 30 of 300 against 54 of 300, which looks decided; per person it is not."""
    perf = performance(_frame(_sequences("a", 100, 10) + _sequences("b", 100, 18)))
    per_email = compare("a", 30, 300, "b", 54, 300)
    assert per_email.conclusion.startswith("variant b wins"), "the case is one per-email counting gets wrong"
    variants, result = variant_comparison(perf, "p")
    assert result.conclusion.startswith("no difference yet"), result.conclusion
    assert "more people per arm" in result.conclusion
    assert (result.sends_a, result.hits_a, result.sends_b, result.hits_b) == (100, 10, 100, 18)
    assert variants.select("variant", "contacts", "contacts_reached", "contacts_replied").rows() == [
        ("a", 100, 100, 10), ("b", 100, 100, 18)]
    assert variants["reply_rate"].to_list() == [0.10, 0.18]
    assert variants["reply_rate_high"][0] - variants["reply_rate_low"][0] > 0.1, "the interval of 100 people"


def test_a_sequence_counts_on_its_first_email_reached_and_replied_by_any_step():
    """Her first email bounced softly, the second reached her, she answered the third positively;
    his first and only email bounced hard."""
    sends = _frame([_send("ana", "a", 1, soft_bounce=True), _send("ana", "a", 2),
                          _send("ana", "a", 3, human=True, positive=True),
                          _send("bo", "a", 1, hard_bounce=True)])
    by_step = performance(sends).group_by("step").agg(pl.col("contacts", "contacts_reached", "contacts_replied",
                                                                "contacts_positive", "human_replies").sum())
    assert sorted(by_step.rows()) == [(1, 2, 1, 1, 1, 0), (2, 0, 0, 0, 0, 0), (3, 0, 0, 0, 0, 1)]

"""A draft that calls its signal news in its own words waits once the signal is no longer news.

The send step holds "any step that states a 'just' why-now of a signal now older than 14 days"
(README, "Why now, on the day it goes"). It knows a draft says "just" only when the draft cites the
fact ``research.why_now`` (``domain/timeliness.py``): a model that words the news its own way
("Congratulations on the Series B Initech just closed", "Since you've just closed a Series B")
cites no such fact, as nothing of the why-now is left verbatim, and its draft passes the verifier on
the day of research (the signal is news then) and goes out on a later day when it no longer is.
"""

from __future__ import annotations

import re

import pytest

from resources.defaults import build_resources
from sdr_assets.assembly import build_definitions
from sdr_assets.domain.facts import JUST_DAYS
from sdr_assets.domain.recency import recency_claims
from sdr_assets.model_server import _data, answer_for
from sdr_assets.play_graph import job_name
from tests.approving import approve
from tests.chat_endpoint import chat_endpoint
from tests.openings import SERIES_B_LATE as LATER

PLAY = "series-b-funding"


def _in_other_words(data: dict) -> dict:
    """A faithful model, except that it words the news its own way and cites only the facts it names."""
    answer = answer_for(data, "faithful", 0)
    if data.get("task") != "draft":
        return answer
    body = re.sub(r"Congratulations on (.+?)'s \$\S+ (Series [A-K])\.", r"Congratulations on the \2 \1 just closed.",
                  answer["body"])
    body = re.sub(r"Since you just raised a (Series [A-K]),", r"Since you've just closed a \1,", body)
    cited = [i for i in answer["fact_ids"] if i != "research.why_now"]
    return {"subject": answer["subject"], "body": body, "fact_ids": cited}


@pytest.fixture
def model_url():
    with chat_endpoint(lambda messages: _in_other_words(_data(messages))) as url:
        yield url


def test_news_in_the_models_own_words_is_not_sent_of_a_signal_older_than_just_days(
        environ, monkeypatch, instance, model_url):
    settings = {"OPENAI_BASE_URL": model_url, "SDR_MODEL": "review-model", "OPENAI_API_KEY": "local"}
    for key, value in settings.items():
        monkeypatch.setenv(key, value)  # the play's version reads the same settings as the resources
    today = build_resources(environ(**settings))
    assert build_definitions(today).resolve_job_def("signals_job").execute_in_process(instance=instance).success
    with today["warehouse"].connect() as con:
        said = con.execute("select count(*) from message_drafts where play = ? and step = 1 and verdict = 'written' "
                           "and generated_by like 'openai:%' and body like '%just closed%'", [PLAY]).fetchone()[0]
    assert said, "the model's drafts calling the round news pass the verifier on the day of research"

    later = build_resources(environ(SDR_NOW=LATER.isoformat(), **settings))
    approve(later, PLAY)
    assert build_definitions(later).resolve_job_def(job_name(PLAY)).execute_in_process(instance=instance).success
    with later["warehouse"].connect() as con:
        sent = con.execute(
            "select l.contact_email, s.observed_at, d.subject, d.body from send_ledger l "
            "join message_drafts d using (draft_id) "
            "join raw_signals s on s.signal_id = d.signal_id "
            "where l.play = ? and l.status = 'sent'", [PLAY]).fetchall()
    stale = [(email, round((LATER - observed).total_seconds() / 86400), recency_claims(f"{subject}\n{body}"))
             for email, observed, subject, body in sent
             if (LATER - observed).total_seconds() / 86400 > JUST_DAYS and recency_claims(f"{subject}\n{body}")]
    assert not stale, f"sent calling a signal older than {JUST_DAYS} days news: {stale[:3]} ({len(stale)} in all)"

"""A model's draft that no email can carry is refused by the verifier, and the approved template goes.

The send step builds each message from the stored draft and refuses a subject with a line break or
control character (no header may carry one) and a body with a control character but the line break
and tab (``domain/messages``). A model that ends its subject with a newline, or breaks it in two, has
its draft judged grounded and stored as written, and every first email of the play is then held at
send time, the prospect never mailed, though the approved template would have gone as it is."""

from __future__ import annotations

import pytest

from sdr_assets.model_server import _data, answer_for
from tests.chat_endpoint import approved_and_sent_with, chat_endpoint
from tests.test_untrue_model_drafts import _request, _settled

PLAY = "series-b-funding"


def _subject_ending_in_a_newline(messages):
    answer = answer_for(_data(messages), "faithful", 0)
    return {**answer, "subject": answer["subject"] + "\n"} if "subject" in answer else answer


def test_a_subject_ending_in_a_newline_leaves_the_template_to_go(environ, monkeypatch, instance):
    with chat_endpoint(_subject_ending_in_a_newline) as url:
        resources, _ = approved_and_sent_with(url, PLAY, environ, monkeypatch, instance)
    with resources["warehouse"].connect() as con:
        outcomes = dict(con.execute("select status, count(*) from send_ledger where play = ? group by all",
                                    [PLAY]).fetchall())
        reasons = con.execute("select distinct reason from send_ledger where play = ? and status = 'held'",
                              [PLAY]).fetchall()
    assert outcomes.get("sent"), f"no first email went: {outcomes}, held for {reasons[:2]}"
    assert not any("control character" in (r or "") for r, in reasons), reasons


@pytest.mark.parametrize(("subject", "body"), [
    ("Congrats on the Series B, Dana\n", None),
    ("Congrats on the Series B,\r\nDana", None),
    ("Congrats on the Series B,\tDana", None),
    (None, "\r\r"),  # a body of old Mac line ends
    (None, "\n\x0c\n"),  # a form feed between paragraphs
])
def test_a_draft_no_message_can_carry_is_not_written(subject, body):
    request = _request()
    template_subject, template_body = request.rendered()
    draft = _settled(request, subject or template_subject,
                     template_body.replace("\n\n", body, 1) if body else template_body)
    assert draft.verdict != "written", f"stored as written: {draft.subject!r} / {draft.body[:40]!r}"
    assert (draft.subject, draft.body) == (template_subject, template_body)

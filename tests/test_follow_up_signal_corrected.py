"""A follow-up states what its signal's source says now: a file that corrects a signal in place (the
same signal_id, another round) corrects the research of a conversation already begun, though the
corrected signal no longer qualifies its account. Before, the kept research went on stating the
round the source had taken back ("Re: ... after the Series B" to a company whose round was a Seed)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from resources.defaults import build_resources
from sdr_assets.play_graph import job_name
from tests.follow_up_world import FOLLOW_UP_DAY, PLAY, rows, run


def _correct_round(resources, signal_id: str, round_name: str) -> None:
    """Rewrite the signal's line in its inbox file with another round, as a vendor corrects a file."""
    (source_file, line), = rows(resources, "select source_file, source_line from raw_signals where signal_id = ?",
                                [signal_id])
    path = resources["paths"].signals / source_file
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        lines = text.split("\n")
        record = json.loads(lines[line - 1])
        assert record["signal_id"] == signal_id
        record["attributes"]["round"] = round_name
        lines[line - 1] = json.dumps(record)
        path.write_text("\n".join(lines), encoding="utf-8")
        return
    assert path.suffix == ".csv", path
    table = list(csv.reader(io.StringIO(text, newline="")))
    header, row = table[0], table[line - 1]
    assert row[header.index("signal_id")] == signal_id
    attributes = json.loads(row[header.index("attributes")])
    attributes["round"] = round_name
    row[header.index("attributes")] = json.dumps(attributes)
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(table)
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.mark.opening("series_b_sent")  # the signals job, the play approved, its first emails sent
def test_a_follow_up_does_not_state_a_round_its_source_corrected(environ, instance):
    first = build_resources(environ())
    contact, signal_id, stated = rows(
        first, "select l.contact_email, d.signal_id, d.subject from send_ledger l join message_drafts d "
               "using (draft_id) join raw_signals s on s.signal_id = d.signal_id where l.play = ? and l.step = 1 "
               "and l.status = 'sent' and s.source_file not like '%@%' "
               "and s.attributes->>'round' = 'Series B' order by 1 limit 1", [PLAY])[0]
    _correct_round(first, signal_id, "Seed")

    later = build_resources(environ(SDR_NOW=FOLLOW_UP_DAY.isoformat()))
    run(later, instance, "signals_job")
    assert rows(later, "select attributes->>'round' from raw_signals where signal_id = ?", [signal_id]) == [("Seed",)]
    run(later, instance, job_name(PLAY))
    drafts = rows(later, "select step, subject, body from message_drafts where play = ? and contact_email = ? "
                         "order by step", [PLAY, contact])
    follow_ups = [(subject, body) for step, subject, body in drafts if step == 2]
    assert follow_ups, f"no follow-up drafted for {contact}"
    for subject, body in follow_ups:
        assert "Series B" not in f"{subject}\n{body}", (subject, stated)
        assert "Seed" in subject, subject


def test_kept_facts_take_the_signal_as_its_row_reads_now():
    """The contact's and the company's facts stay as researched; the signal's, and the why-now, are the
    corrected row's; a row that names no round any more leaves no round and no why-now to state."""
    from sdr_assets.domain.facts import aged_facts, build_facts, template_values

    signal = {"signal_id": "s1", "signal_type": "funding", "source": "feed", "attributes": {"round": "Series B"}}
    stored, _ = build_facts(signal, {"name": "Acme"}, {"first_name": "Dana"}, age_days=3)
    corrected = aged_facts(stored, "funding", 20, {**signal, "attributes": {"round": "Seed"}})
    values = template_values(corrected)
    assert (values["first_name"], values["company_name"], values["round"]) == ("Dana", "Acme", "Seed")
    assert values["why_now"] == "you raised a Seed"
    elsewhere = template_values(aged_facts(stored, "funding", 20, {"signal_id": "s1", "signal_type": "funding"}))
    assert "round" not in elsewhere and "why_now" not in elsewhere and elsewhere["company_name"] == "Acme"

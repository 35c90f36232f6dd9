"""No draft over the seeded world is held or falls back: every signal of the world, for up to three
contacts of its company, through every email step and variant of the shipped plays, as the
offline writer fills the approved template and as a faithful model (the local server) rewrites it.
The world's names come from several languages ("van der Linden", "Le Gall", "Müller"), so this is
where the verifier's name and language checks would hold a faithful draft if they were too eager.
Each draft is also read against its facts alone, as a rewrite that keeps no sentence of the
template would be: no sentence of it may read as another language."""

import csv
import json
from collections import Counter
from pathlib import Path

from sdr_assets.domain.drafting import settle
from sdr_assets.domain.facts import build_facts, grounds_lines
from sdr_assets.domain.languages import language_reasons
from sdr_assets.domain.verifier import _fold, _norm
from tests.domain.shipped_drafts import email_requests, faithful, shipped_plays

def _rows(path: Path) -> list[dict]:
    if path.suffix == ".csv":
        with path.open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _requests(world: Path):
    companies = {c["domain"]: c for c in _rows(world / "reference" / "companies.csv")}
    contacts: dict[str, list[dict]] = {}
    for contact in _rows(world / "reference" / "contacts.csv"):
        contacts.setdefault(contact["company_domain"], []).append(contact)
    feeds = sorted((world / "inbox" / "signals").glob("signals_*"))
    plays = shipped_plays()
    for signal in (s for feed in feeds for s in _rows(feed)):
        company = companies.get(signal.get("company_domain") or "")
        if company is None:
            continue  # a planted row with no or an unknown company
        company = dict(company, tech_stack=company["tech_stack"].replace(";", ","))
        for contact in contacts.get(company["domain"], [])[:3]:
            facts = build_facts(signal, company, contact)[0]
            for play in plays:
                yield from email_requests(play, facts)


def test_no_offline_or_faithful_draft_over_the_seeded_world_is_held(world_template):
    verdicts: Counter = Counter()
    unwritten = []
    for request in _requests(world_template):
        for kind, text in (("offline", settle(request)), ("faithful", faithful(request))):
            verdicts[kind, text.verdict] += 1
            if text.verdict != "written":
                unwritten.append((kind, text.body, text.reasons))
        facts = "\n".join(grounds_lines(request.facts))
        subject, body = request.rendered()
        unwritten += language_reasons(_fold(_norm(f"{subject}\n{body}")), _fold(_norm(facts)))
    assert verdicts["offline", "written"] >= 2000, verdicts
    assert unwritten == []

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

from sdr_assets.domain.drafting import Candidate, DraftRequest, MissingFactError, settle
from sdr_assets.domain.facts import Fact, build_facts
from sdr_assets.domain.languages import language_reasons
from sdr_assets.domain.verifier import _fold, _norm, bounds_of
from sdr_assets.model_server import answer_for
from sdr_assets.playbook import load_plays

PLAYS = Path(__file__).resolve().parents[2] / "data" / "plays"


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
    plays = load_plays(PLAYS).plays.values()
    for signal in (s for feed in feeds for s in _rows(feed)):
        company = companies.get(signal.get("company_domain") or "")
        if company is None:
            continue  # a planted row with no or an unknown company
        company = dict(company, tech_stack=company["tech_stack"].replace(";", ","))
        for contact in contacts.get(company["domain"], [])[:3]:
            facts = build_facts(signal, company, contact)[0]
            for play in plays:
                sender = Fact("play.sender_name", "sender_name", str(play.sender["name"]), "name", "play file")
                for number, step in enumerate(play.sequence, 1):
                    if step["channel"] != "email":
                        continue
                    templates = ([(step["subject"], step["body"])] if "body" in step
                                 else [(v["subject"], v["body"]) for v in play.variants])
                    for subject, body in templates:
                        request = DraftRequest(play.name, "v", subject, body, (*facts, sender), step=number,
                                               bounds=bounds_of(play.research))
                        try:
                            request.rendered()
                        except MissingFactError:
                            continue
                        yield request


def _faithful(request: DraftRequest):
    subject, body = request.rendered()
    answer = answer_for({"task": "draft", "approved_subject": subject, "approved_body": body,
                         "facts": [{"id": f.id, "value": f.value} for f in request.facts if f.usable]}, "faithful", 0)
    return settle(request, Candidate(answer["subject"], answer["body"], tuple(answer["fact_ids"]), "model"))


def test_no_offline_or_faithful_draft_over_the_seeded_world_is_held(world_template):
    verdicts: Counter = Counter()
    unwritten = []
    for request in _requests(world_template):
        for kind, text in (("offline", settle(request)), ("faithful", _faithful(request))):
            verdicts[kind, text.verdict] += 1
            if text.verdict != "written":
                unwritten.append((kind, text.body, text.reasons))
        facts = "\n".join(f.value for f in request.facts if f.usable)
        subject, body = request.rendered()
        unwritten += language_reasons(_fold(_norm(f"{subject}\n{body}")), _fold(_norm(facts)))
    assert verdicts["offline", "written"] >= 2000, verdicts
    assert unwritten == []

"""Draft requests from the shipped plays over the seeded world, and the local model server's faithful
rewrite of one."""

import csv
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from sdr_assets.domain.drafting import Candidate, DraftRequest, DraftText, MissingFactError, settle
from sdr_assets.domain.facts import Fact
from sdr_assets.domain.plays import Play
from sdr_assets.domain.verifier import bounds_of
from sdr_assets.model_server import answer_for
from sdr_assets.playbook import load_plays

PLAYS = Path(__file__).resolve().parents[2] / "data" / "plays"


def shipped_plays() -> list[Play]:
    return list(load_plays(PLAYS).plays.values())


def world_rows(path: Path) -> list[dict]:
    """The rows of one of the world's files: a CSV file or JSON lines."""
    if path.suffix == ".csv":
        with path.open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def world_contacts(world: Path, per_company: int) -> Iterator[tuple[dict, dict, dict]]:
    """(signal, company, contact) for every signal of the seeded ``world`` and up to ``per_company`` of
    its company's contacts, the company's tech stack comma-separated as enrichment gives it."""
    companies = {c["domain"]: c for c in world_rows(world / "reference" / "companies.csv")}
    contacts: dict[str, list[dict]] = {}
    for contact in world_rows(world / "reference" / "contacts.csv"):
        contacts.setdefault(contact["company_domain"], []).append(contact)
    feeds = sorted((world / "inbox" / "signals").glob("signals_*"))
    for signal in (s for feed in feeds for s in world_rows(feed)):
        company = companies.get(signal.get("company_domain") or "")
        if company is None:
            continue  # a planted row with no or an unknown company
        company = dict(company, tech_stack=company["tech_stack"].replace(";", ","))
        for contact in contacts.get(company["domain"], [])[:per_company]:
            yield signal, company, contact


def email_requests(play: Play, facts: Sequence[Fact]) -> Iterator[DraftRequest]:
    """A request for each email step of ``play`` and each template it is written from (the step's
    own, or each variant's), with ``facts`` and the play's sender; one a fact is missing for is left out."""
    sender = Fact("play.sender_name", "sender_name", str(play.sender["name"]), "name", "play file")
    for number, step in enumerate(play.sequence, 1):
        if step["channel"] != "email":
            continue
        templates = ([("step", step["subject"], step["body"])] if "body" in step
                     else [(v["id"], v["subject"], v["body"]) for v in play.variants])
        for variant, subject, body in templates:
            request = DraftRequest(play.name, variant, subject, body, (*facts, sender), step=number,
                                   bounds=bounds_of(play.research))
            try:
                request.rendered()
            except MissingFactError:
                continue
            yield request


def faithful(request: DraftRequest) -> DraftText:
    """``request`` settled with the local model server's faithful rewrite of its rendered template."""
    subject, body = request.rendered()
    answer = answer_for({"task": "draft", "approved_subject": subject, "approved_body": body,
                         "facts": [{"id": f.id, "value": f.value} for f in request.facts if f.usable]}, "faithful", 0)
    return settle(request, Candidate(answer["subject"], answer["body"], tuple(answer["fact_ids"]), "model"))

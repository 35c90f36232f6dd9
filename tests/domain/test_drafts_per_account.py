"""What the writer works out once per account (its facts' values, grounds and roles, the patterns of
its values) leaves every draft as if each were worked out alone: over the seeded world, each play's
rows from ``draft_rows`` equal those of requests settled one by one from freshly parsed facts with
every cache emptied first."""

import json

import pytest

from resources.model import OfflineModel
from sdr_assets.domain import drafting
from sdr_assets.domain.drafting import DraftRequest, MissingFactError, settle
from sdr_assets.domain.drafts import draft_rows
from sdr_assets.domain.facts import build_facts, facts_from_json, facts_to_json
from tests.domain.shipped_drafts import shipped_plays, world_contacts

CACHES = (drafting._account_facts, drafting._whole_words)


def _angles(world, play) -> list[dict]:
    """One research row per contact of each company a signal names (up to two), as research stores it."""
    angles, seen = [], set()
    for signal, company, contact in world_contacts(world, 2):
        if contact["email"] in seen:
            continue
        seen.add(contact["email"])
        facts = build_facts(signal, company, contact)[0]
        angles.append({"contact_email": contact["email"], "company_domain": company["domain"],
                       "contact_name": contact.get("first_name", ""), "linkedin_url": "",
                       "signal_type": signal.get("signal_type", ""), "fit": 0.5, "facts": facts_to_json(facts),
                       "angle": "", "research_instructions": "", "signal_id": signal.get("signal_id"),
                       "why_now": ""})
    return angles


FIELDS = ("draft_id", "subject", "body", "verdict", "fact_ids", "verifier_reasons", "generated_by", "grounded")


def _alone(play, angle: dict) -> list[dict]:
    """The account's drafts from requests of its own, every cache emptied before each."""
    def one_by_one(asks):
        texts = []
        for ask in asks:
            for cache in CACHES:
                cache.cache_clear()
            texts.append(settle(ask))
        return texts
    return [{k: r[k] for k in FIELDS} for r in draft_rows(play, [angle], one_by_one)[0]]


def test_drafts_worked_out_per_account_equal_drafts_worked_out_alone(world_template):
    model = OfflineModel()
    checked = 0
    for play in shipped_plays():
        angles = _angles(world_template, play)
        rows, pending = draft_rows(play, angles, model.write_drafts)
        assert pending == 0
        together = {}
        for row in rows:
            together.setdefault(row["contact_email"], []).append({k: row[k] for k in FIELDS})
        for angle in angles:
            alone = _alone(play, angle)
            assert together[angle["contact_email"]] == alone, angle["contact_email"]
            checked += len(alone)
    assert checked >= 1000


def test_a_request_from_equal_facts_reads_them_as_its_own():
    """Two accounts with equal facts share the worked-out values; a request never sees another's."""
    play = shipped_plays()[0]
    variant = play.variants[0]
    a = facts_from_json(json.dumps([{"id": "contact.first_name", "field": "first_name", "value": "Dana",
                                     "kind": "name", "source": "crm", "usable": True}]))
    b = facts_from_json(json.dumps([{"id": "contact.first_name", "field": "first_name", "value": "Kim",
                                     "kind": "name", "source": "crm", "usable": True}]))
    first, second = (DraftRequest(play.name, variant["id"], "Hi {first_name}", "Hello {first_name}.", tuple(f))
                     for f in (a, b))
    assert first.rendered() == ("Hi Dana", "Hello Dana.")
    assert second.rendered() == ("Hi Kim", "Hello Kim.")
    assert first.roles().contact == "Dana" and second.roles().contact == "Kim"
    with pytest.raises(MissingFactError, match="last_name"):
        DraftRequest(play.name, variant["id"], "Hi {last_name}", "Hello.", tuple(a)).rendered()


def test_a_request_cannot_change_the_values_it_shares_with_requests_from_equal_facts():
    play = shipped_plays()[0]
    facts = facts_from_json(json.dumps([{"id": "contact.first_name", "field": "first_name", "value": "Dana",
                                         "kind": "name", "source": "crm", "usable": True}]))
    first, second = (DraftRequest(play.name, play.variants[0]["id"], "Hi {first_name}", "Hello.", tuple(facts))
                     for _ in range(2))
    with pytest.raises(TypeError):
        first.values["first_name"] = "Kim"
    assert second.rendered() == ("Hi Dana", "Hello.")

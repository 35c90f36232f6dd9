"""No draft over the seeded world is held or falls back: every signal of the world, for up to three
contacts of its company, through every email step and variant of the shipped plays, as the
offline writer fills the approved template and as a faithful model (the local server) rewrites it.
The world's names come from several languages ("van der Linden", "Le Gall", "Müller"), so this is
where the verifier's name and language checks would hold a faithful draft if they were too eager.
Each draft is also read against its facts alone, as a rewrite that keeps no sentence of the
template would be: no sentence of it may read as another language."""

from collections import Counter
from pathlib import Path

from sdr_assets.domain.drafting import settle
from sdr_assets.domain.facts import build_facts, grounds_lines
from sdr_assets.domain.languages import language_reasons
from sdr_assets.domain.verifier import _fold, _norm
from tests.domain.shipped_drafts import email_requests, faithful, shipped_plays, world_contacts


def _requests(world: Path):
    plays = shipped_plays()
    for signal, company, contact in world_contacts(world, 3):
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

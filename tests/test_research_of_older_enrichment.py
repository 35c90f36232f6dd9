"""Research rebuilt alone (materialized by itself in the UI) after a play's segment was narrowed
drafts none of the accounts the new segment leaves out: enrichment chose its accounts and contacts
under the version before, and drafts of the new version are written only from accounts chosen under it,
once enrichment has run under it."""

import pytest

from sdr_assets.drafts import current_research, write_drafts
from sdr_assets.enrichment import enriched_accounts
from sdr_assets.incremental import LayerConfig
from sdr_assets.playbook import load_plays
from sdr_assets.research import research_angles
from tests.send_world import _body

PLAY = "revops-hiring"
COUNTRIES = "countries: [US, GB, CA, NL, DE, IE, FR, ES]"


def _research(resources) -> None:
    _body(research_angles)(config=LayerConfig(), warehouse=resources["warehouse"], paths=resources["paths"],
                           policy=resources["policy"], model=resources["model"])


@pytest.mark.opening("signals_ran")
def test_research_alone_after_a_narrowed_segment_drafts_no_account_it_leaves_out(resources):
    warehouse, paths, model = resources["warehouse"], resources["paths"], resources["model"]
    with warehouse.connect() as con:
        us = {d for (d,) in con.execute("select company_domain from enriched_accounts where play = ? and "
                                        "status = 'ready' and country = 'US'", [PLAY]).fetchall()}
    assert us, "precondition: the play has ready accounts in the US"
    path = paths.plays / f"{PLAY}.yaml"
    text = path.read_text()
    assert COUNTRIES in text
    path.write_text(text.replace(COUNTRIES, "countries: [GB, CA, NL, DE, IE, FR, ES]"))  # no more US accounts

    _research(resources)  # research alone: enrichment still holds the accounts of the version before
    write_drafts(PLAY, warehouse, paths, model)
    play = load_plays(paths.plays, writer=model.identity()).plays[PLAY]
    with warehouse.connect() as con:
        researched = set(current_research(con, play)["company_domain"])
        drafted = {d for (d,) in con.execute("select company_domain from message_drafts where play = ? and "
                                             "play_content = ?", [PLAY, play.content_sha256]).fetchall()}
    assert not researched & us, f"research of the new version holds accounts it leaves out: {sorted(researched & us)}"
    assert not drafted & us, f"drafts of the new version for accounts it leaves out: {sorted(drafted & us)}"

    _body(enriched_accounts)(config=LayerConfig(), warehouse=warehouse, paths=paths, policy=resources["policy"],
                             enrichment=resources["enrichment"], address_checks=resources["address_checks"])
    _research(resources)
    write_drafts(PLAY, warehouse, paths, model)
    with warehouse.connect() as con:
        researched = set(current_research(con, play)["company_domain"])
        drafted = {d for (d,) in con.execute("select company_domain from message_drafts where play = ? and "
                                             "play_content = ?", [PLAY, play.content_sha256]).fetchall()}
    assert researched and not researched & us, "enriched under the new version, its accounts are researched"
    assert drafted and not drafted & us

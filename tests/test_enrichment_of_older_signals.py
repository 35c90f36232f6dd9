"""Enrichment run alone after a play's triggers were narrowed chooses no account for its new version from
signals the old triggers qualified: research and drafts of the new version wait for the signals to be
qualified under it, and then hold only accounts whose signals the new triggers take."""

import pytest

from sdr_assets.drafts import write_drafts
from sdr_assets.enrichment import enriched_accounts
from sdr_assets.incremental import LayerConfig
from sdr_assets.playbook import load_plays
from sdr_assets.research import research_angles
from sdr_assets.signals import qualified_signals
from tests.send_world import _body

PLAY = "series-b-funding"
ROUNDS = "rounds: [Series A, Series B, Series C]"


def _run(resources, *layers) -> None:
    r = resources
    for layer in layers:
        if layer is qualified_signals:
            _body(layer)(config=LayerConfig(), warehouse=r["warehouse"], paths=r["paths"], policy=r["policy"])
        elif layer is enriched_accounts:
            _body(layer)(config=LayerConfig(), warehouse=r["warehouse"], paths=r["paths"], policy=r["policy"],
                         enrichment=r["enrichment"], address_checks=r["address_checks"])
        else:
            _body(layer)(config=LayerConfig(), warehouse=r["warehouse"], paths=r["paths"], policy=r["policy"],
                         model=r["model"])


def _drafted(resources) -> set[str]:
    paths, model = resources["paths"], resources["model"]
    write_drafts(PLAY, resources["warehouse"], paths, model)
    play = load_plays(paths.plays, writer=model.identity()).plays[PLAY]
    with resources["warehouse"].connect() as con:
        return {s for (s,) in con.execute("select signal_id from message_drafts where play = ? and play_content = ?",
                                          [PLAY, play.content_sha256]).fetchall()}


@pytest.mark.opening("signals_ran")
def test_enrichment_alone_after_narrowed_triggers_drafts_no_signal_they_leave_out(resources):
    path = resources["paths"].plays / f"{PLAY}.yaml"
    text = path.read_text()
    assert ROUNDS in text
    path.write_text(text.replace(ROUNDS, "rounds: [Series B]"))

    _run(resources, enriched_accounts, research_angles)  # enrichment and research alone, in the UI
    early = _drafted(resources)
    _run(resources, qualified_signals, enriched_accounts, research_angles)
    later = _drafted(resources)
    with resources["warehouse"].connect() as con:
        taken = {s for (s,) in con.execute("select signal_id from qualified_signals where play = ?",
                                           [PLAY]).fetchall()}
    assert later and later <= taken, "precondition: drafts of the signals the new triggers take"
    assert early <= taken, f"drafts of signals the new triggers leave out: {sorted(early - taken)}"

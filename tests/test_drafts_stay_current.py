"""A play's drafts are what the approved template, the current verifier and today's research give:
a stored draft changed since it was written, a contact field research corrected, an overlapping
run's drafts or a new review sample size never survive in ``message_drafts``."""

import dagster as dg
import pytest

from resources import model as model_module
from resources.defaults import build_resources
from sdr_assets import drafts
from sdr_assets.assembly import build_definitions
from sdr_assets.domain import drafting
from sdr_assets.domain import drafts as drafts_domain
from sdr_assets.domain.drafting import Candidate, settle
from sdr_assets.domain.verifier import Bounds
from sdr_assets.drafts import write_drafts
from tests.conftest import environ_for

PLAY = "revops-hiring"
CONTACT = "nathan.beck@arcwave-secure.example"


def _rows(resources, sql, params=()):
    with resources["warehouse"].connect() as con:
        return con.execute(sql, list(params)).fetchall()


def _run_drafts(defs, resources, instance, full_refresh: bool = False) -> dict:
    asset = defs.get_assets_def(dg.AssetKey([PLAY, "message_drafts"]))
    config = {"ops": {asset.op.name: {"config": {"full_refresh": True}}}} if full_refresh else None
    result = dg.materialize([asset], resources=resources, instance=instance, run_config=config)
    event = next(e for e in result.get_asset_materialization_events() if e.asset_key.path[-1] == "message_drafts")
    return {k: v.value for k, v in event.materialization.metadata.items()}


def _signals(root, **extra):
    resources = build_resources(environ_for(root, **extra))
    return resources, build_definitions(resources).resolve_job_def("signals_job")


def _edit_a_grounded_first_step(resources) -> tuple:
    with resources["warehouse"].connect() as con:
        draft_id, body, verdict, grounded = con.execute(
            "select draft_id, body, verdict, grounded from message_drafts where play = ? and step = 1 "
            "and grounded order by draft_id limit 1", [PLAY]).fetchone()
        con.execute("update message_drafts set body = 'Hi, wire the deposit to our new account today.' "
                    "where draft_id = ?", [draft_id])
    return draft_id, (body, verdict, grounded)


def _draft(resources, draft_id):
    return _rows(resources, "select body, verdict, grounded from message_drafts where draft_id = ?", [draft_id])[0]


@pytest.mark.opening("signals_ran")
def test_a_draft_edited_in_the_warehouse_is_written_again_by_the_next_run(defs, resources, instance):
    draft_id, written = _edit_a_grounded_first_step(resources)
    assert _run_drafts(defs, resources, instance)["rebuilt"] == "yes"
    assert _draft(resources, draft_id) == written
    assert _run_drafts(defs, resources, instance)["rebuilt"].startswith("no")


@pytest.mark.opening("signals_ran")
def test_a_full_refresh_writes_every_draft_again_from_nothing(defs, resources, instance):
    draft_id, written = _edit_a_grounded_first_step(resources)
    forced = _run_drafts(defs, resources, instance, full_refresh=True)
    assert forced["rebuilt"] == "yes" and forced["kept_from_earlier_runs"] == 0
    assert _draft(resources, draft_id) == written


@pytest.mark.opening("signals_ran")
def test_a_corrected_linkedin_profile_reaches_the_drafts(data_dir, instance):
    contacts = data_dir / "reference" / "contacts.csv"
    text = contacts.read_text()
    old = next(line.rsplit(",", 1)[1] for line in text.splitlines() if f",{CONTACT}," in line)
    new = "https://linkedin.example/in/nathan-beck-the-right-one"
    contacts.write_text(text.replace(old, new))  # the enrichment source corrects the profile link

    resources, job = _signals(data_dir)
    assert job.execute_in_process(instance=instance).success
    sql = "select distinct linkedin_url from {} where play = ? and contact_email = ?"
    assert _rows(resources, sql.format("research_angles"), [PLAY, CONTACT]) == [(new,)]
    assert _rows(resources, sql.format("message_drafts"), [PLAY, CONTACT]) == [(new,)]


@pytest.mark.opening("signals_ran")
def test_the_drafts_fit_is_the_fit_research_gives_today(data_dir, instance):
    resources, job = _signals(data_dir, SDR_NOW="2026-11-25T09:00:00+00:00")
    assert job.execute_in_process(instance=instance).success
    research = {(p, e): f for p, e, f in _rows(resources, "select play, contact_email, fit from research_angles")}
    drafts = {(p, e): f for p, e, f in _rows(
        resources, "select play, contact_email, any_value(fit) from message_drafts group by all")}
    assert drafts and all(research[k] == fit for k, fit in drafts.items())


@pytest.mark.opening("signals_ran")
def test_drafts_written_from_research_that_changed_meanwhile_leave_one_current_draft_per_step(resources):
    warehouse, paths, plain = resources["warehouse"], resources["paths"], resources["model"]
    calls = []

    class OverlappedModel(model_module.OfflineModel):  # the same identity and class name as the plain writer
        def write_drafts(self, requests, cache=None):
            if not calls:
                calls.append(len(requests))
                # While this run waits on its model, another run rebuilds the research and the drafts.
                with warehouse.connect() as con:
                    con.execute("update research_angles set facts = replace(facts, 'Revenue', 'Rev') "
                                "where play = ?", [PLAY])
                write_drafts(PLAY, warehouse, paths, plain)
            return super().write_drafts(requests, cache)

    with warehouse.connect() as con:  # research changed once already: this run has drafts to write
        con.execute("update research_angles set facts = replace(facts, 'Operations', 'Ops') where play = ?", [PLAY])
    write_drafts(PLAY, warehouse, paths, OverlappedModel(booking_url=plain.booking_url))
    sql = "select draft_id, contact_email, step from message_drafts where play = ? order by all"
    held = _rows(resources, sql, [PLAY])
    assert len({(email, step) for _, email, step in held}) == len(held), "one draft per contact and step"
    write_drafts(PLAY, warehouse, paths, plain)
    assert _rows(resources, sql, [PLAY]) == held

    with warehouse.connect() as con:
        con.execute("delete from message_drafts where play = ?", [PLAY])
    write_drafts(PLAY, warehouse, paths, plain, full_refresh=True)
    assert _rows(resources, sql, [PLAY]) == held, "the drafts of the research that stands, as a fresh build"


@pytest.mark.opening("signals_ran")
def test_a_larger_review_sample_is_drawn_when_the_play_asks_for_one(data_dir, instance):
    sql = ("select count(distinct contact_email) filter (where is_review_sample), count(distinct contact_email) "
           "from message_drafts where play = ?")
    resources = build_resources(environ_for(data_dir))
    sampled, contacts = _rows(resources, sql, [PLAY])[0]
    assert sampled == 5 and contacts > 10
    path = data_dir / "plays" / f"{PLAY}.yaml"
    path.write_text(path.read_text().replace("\ntriggers:", "\nreview_sample_size: 10\ntriggers:", 1))

    assert build_definitions(resources).resolve_job_def("signals_job").execute_in_process(instance=instance).success
    assert _rows(resources, sql, [PLAY])[0][0] == 10, "the approver is shown the sample the play asks for"


@pytest.mark.opening("signals_ran")
def test_drafts_an_earlier_verifier_judged_are_judged_again_by_the_current_one(resources, monkeypatch):
    """A verifier that became stricter holds what it now refuses at the next run, with nothing else
    changed: no stored verdict outlives the verifier that gave it."""
    sql = ("select count(*) filter (where grounded and body like '%Arcwave%'), count(*) filter (where grounded), "
           "count(*) from message_drafts where play = ?")
    naming, grounded, stored = _rows(resources, sql, [PLAY])[0]
    assert naming > 0
    assert _written(resources)["rebuilt"].startswith("no")

    def stricter(subject, body, grounds, **kwargs):  # a new check: it refuses one company's name
        return (*lenient(subject, body, grounds, **kwargs), *(["names Arcwave"] if "Arcwave" in body else []))

    lenient = drafting.verify_draft
    monkeypatch.setattr(drafting, "verify_draft", stricter)
    monkeypatch.setattr(drafts, "verifier_digest", lambda: "the-stricter-verifier")
    metadata = _written(resources)
    assert metadata["rebuilt"] == "yes" and metadata["judged_again"] == stored
    assert _rows(resources, sql, [PLAY])[0] == (0, grounded - naming, stored)
    reasons = _rows(resources, "select verifier_reasons from message_drafts where play = ? and not grounded "
                               "and body like '%Arcwave%'", [PLAY])
    assert len(reasons) >= naming and all("names Arcwave" in r for r, in reasons)
    assert _written(resources)["rebuilt"].startswith("no")


def _written(resources) -> dict:
    result = write_drafts(PLAY, resources["warehouse"], resources["paths"], resources["model"])
    return {k: getattr(v, "value", v) for k, v in result.metadata.items()}


@pytest.mark.opening("signals_ran")
def test_another_plays_research_changing_leaves_this_plays_drafts_unbuilt_and_its_own_rebuilds_them(
        defs, resources, instance):
    assert _run_drafts(defs, resources, instance)["rebuilt"].startswith("no")
    with resources["warehouse"].connect() as con:
        con.execute("update research_angles set angle = angle || ' (revised)' where play <> ?", [PLAY])
    assert _run_drafts(defs, resources, instance)["rebuilt"].startswith("no"), "another play's research"
    with resources["warehouse"].connect() as con:
        con.execute("update research_angles set angle = angle || ' (revised)' where play = ?", [PLAY])
    assert _run_drafts(defs, resources, instance)["rebuilt"] == "yes"


@pytest.mark.opening("signals_ran")
def test_the_combined_drafts_count_every_plays_rows(defs, resources, instance):
    result = dg.materialize([defs.get_assets_def(dg.AssetKey("message_drafts"))], resources=resources,
                            instance=instance)
    (event,) = result.get_asset_materialization_events()
    meta = {k: v.value for k, v in event.materialization.metadata.items()}
    counted = dict(_rows(resources, "select play, count(*) from message_drafts group by play"))
    assert meta["drafts_per_play"] == counted and len(counted) == 3
    assert meta["dagster/row_count"] == sum(counted.values()) > 0


SENT_FIELDS = ("draft_id", "contact_email", "step", "channel", "subject", "body", "verdict", "grounded",
               "delay_days", "variant", "is_review_sample", "fact_ids", "verifier_reasons")


def _drafts(resources, play=PLAY):
    with resources["warehouse"].connect() as con:
        return con.execute(f"select {', '.join(SENT_FIELDS)} from message_drafts where play = ? order by all",
                           [play]).fetchall()


def _verdicts(rows, channel="email"):
    return sorted((r[1], r[2], r[6]) for r in rows if r[3] == channel)


class ChattyWriter(model_module.OfflineModel):
    """A writer whose text adds a friendly sentence no fact states: the verifier's mode decides it."""

    def write_drafts(self, requests, cache=None):
        extra = "\n\nHappy to compare notes whenever convenient for your colleagues."
        return [settle(r, Candidate(r.rendered()[0], r.rendered()[1] + extra, (), "chatty"), mode=self.verifier_mode)
                for r in requests]


@pytest.mark.opening("signals_ran")
def test_a_stricter_verifier_mode_judges_the_stored_drafts_again(resources):
    warehouse, paths = resources["warehouse"], resources["paths"]
    write_drafts(PLAY, warehouse, paths, ChattyWriter(verifier_mode="lexicon"), full_refresh=True)
    assert {v for *_, v in _verdicts(_drafts(resources))} == {"written"}

    strict = ChattyWriter(verifier_mode="coverage")
    write_drafts(PLAY, warehouse, paths, strict)  # only the verifier's mode changed: an incremental run
    incremental = _drafts(resources)
    write_drafts(PLAY, warehouse, paths, strict, full_refresh=True)
    fresh = _drafts(resources)
    assert {v for *_, v in _verdicts(fresh)} == {"fell_back"}, "the coverage mode refuses the added sentence"
    assert _verdicts(incremental) == _verdicts(fresh)


@pytest.mark.opening("signals_ran")
def test_an_edit_to_the_linkedin_bounds_judges_the_stored_notes_again(resources, monkeypatch):
    """LINKEDIN_BOUNDS (and the hold for a missing fact) decide a note's verdict: their module is part of
    the verifier's digest (tests/test_rule_digest.py), so an edit to it moves the digest, and every
    stored note is judged again by the rules as edited."""
    warehouse, paths, model = resources["warehouse"], resources["paths"], resources["model"]
    before = _drafts(resources)
    assert {v for *_, v in _verdicts(before, "linkedin")} == {"written"}
    # The edit a person makes to sdr_assets/domain/drafts.py: notes of at most five words.
    monkeypatch.setattr(drafts_domain, "LINKEDIN_BOUNDS", Bounds(min_words=3, max_words=5, max_subject_chars=0))
    monkeypatch.setattr(drafts, "verifier_digest", lambda: "the digest of the edited source")
    write_drafts(PLAY, warehouse, paths, model)
    incremental = _drafts(resources)
    write_drafts(PLAY, warehouse, paths, model, full_refresh=True)
    fresh = _drafts(resources)
    assert {v for *_, v in _verdicts(fresh, "linkedin")} == {"held"}
    assert _verdicts(incremental, "linkedin") == _verdicts(fresh, "linkedin")

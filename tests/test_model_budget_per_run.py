"""``SDR_MODEL_BUDGET`` is the model calls of a whole run, as the README's settings table says ("model
calls per run; the rest waits for the next run"): the research step's angles and every play's
drafts draw on one allowance, not each on one of its own, so a team that caps its spend at N calls
a run pays for N, not for N per step."""

from __future__ import annotations

from resources.defaults import build_resources
from sdr_assets.assembly import build_definitions
from sdr_assets.model_server import Behaviour, LocalModelServer

BUDGET = 6


def test_a_signals_run_makes_no_more_model_calls_than_its_budget(environ, monkeypatch, instance):
    with LocalModelServer(Behaviour()) as server:
        settings = {"OPENAI_BASE_URL": server.base_url, "SDR_MODEL": "review-model", "OPENAI_API_KEY": "local",
                    "SDR_MODEL_BUDGET": str(BUDGET)}
        for key, value in settings.items():
            monkeypatch.setenv(key, value)  # the play's version reads the same settings as the resources
        resources = build_resources(environ(**settings))
        job = build_definitions(resources).resolve_job_def("signals_job")
        assert job.execute_in_process(instance=instance).success
        first = server.requests
        assert job.execute_in_process(instance=instance).success
        second = server.requests - first
    assert first == BUDGET, f"the first run made {first} calls on a budget of {BUDGET}"
    assert second == BUDGET, "the next run goes on with what the first left, on its own budget"

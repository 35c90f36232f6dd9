"""The project's settings a caller's shell may hold, kept out of what the tests and harnesses run.

A test or harness sets each setting it means to use. One inherited from the shell would reach every
`sdr` process it starts: ``SDR_MODE=demo`` moves a run onto the demo's folders, and a real
``SDR_SMTP_HOST`` or ``OPENAI_API_KEY`` would send mail or call a model over the network.
"""

from __future__ import annotations

import os

# The suite's own knobs, which the README documents: DuckDB's threads in each process, the Dagster
# storage every instance runs on, and how far the property, scenario, forged-token and ingest tests
# scale up.
HONOURED = frozenset({"SDR_DUCKDB_THREADS", "SDR_PROPERTY_EXAMPLES", "SDR_SIM_RUNS",
                      "SDR_FORGED_TOKENS", "SDR_INGEST_FILES"})


def is_project_setting(name: str) -> bool:
    return name.startswith(("SDR_", "OPENAI_")) and name not in HONOURED


def drop_shell_settings() -> list[str]:
    """Remove the project's settings from this process's environment, for it and every process it
    starts; the names removed, sorted."""
    names = sorted(name for name in os.environ if is_project_setting(name))
    for name in names:
        del os.environ[name]
    return names

"""The analysts' notebook runs headless against a real snapshot."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from sdr_assets.decisions import decide
from sdr_assets.notebook_support import load_snapshot
from sdr_assets.runner import run_due

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "reply_rates.ipynb"


def test_notebook_is_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code")
    assert any("parameters" in cell.metadata.get("tags", []) for cell in nb.cells)


def test_reply_rates_notebook_executes(defs, resources, instance, monkeypatch):
    decide("revops-hiring", "approve", "Dana Whitfield", warehouse_path=resources["warehouse"].path,
           plays_dir=resources["paths"].plays_dir)
    run_due(defs, instance)
    exports = resources["paths"].exports
    assert load_snapshot(exports)["reply_rate_summary"].height >= 1
    monkeypatch.setenv("SDR_EXPORTS_DIR", str(exports))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    table_output = nb.cells[2].outputs[0]["data"]["text/html"]
    assert "revops-hiring" in table_output
    chart = nb.cells[3].outputs[0]["data"]["text/html"]
    assert "vegaEmbed" in chart and "Reply rate per play" in chart


def test_missing_snapshot_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="run `make demo`"):
        load_snapshot(tmp_path)

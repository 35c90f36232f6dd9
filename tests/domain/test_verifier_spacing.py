"""Spacing is no way round the verifier: two spaces or a tab between words read as one space."""
from pathlib import Path

import pytest

from sdr_assets.domain.broken_lines import one_spaced
from sdr_assets.domain.verifier import Bounds, verify_draft
from sdr_assets.verifier_eval import load_set, request_for

_SETS = Path(__file__).parents[1] / "fixtures"


@pytest.mark.parametrize(("text", "read"), [
    ("Revenue shot  up\tthis year.", "Revenue shot up this year."),
    ("Hi Dana,  \n\n  Thanks\u2003for", "Hi Dana,\n\nThanks for"),
    ("the round \r\nwas", "the round\nwas"),
    ("One space only.", "One space only."),
])
def test_a_run_of_blanks_inside_a_line_reads_as_one_space(text, read):
    assert one_spaced(text) == read


def _drafts():
    for name in ("verifier_dev4", "verifier_dev5", "verifier_dev6", "verifier_dev7"):
        contexts, drafts = load_set(_SETS / name)
        for draft in drafts:
            yield pytest.param(contexts[draft["context"]], draft, id=f"{name}-{draft['id']}")


@pytest.mark.parametrize(("context", "draft"), list(_drafts()))
def test_a_draft_is_stopped_or_passed_alike_with_its_spaces_doubled_or_tabs(context, draft):
    request = request_for(context)

    def stopped(body):
        return bool(verify_draft(draft["subject"], body, request.grounds(), first_touch=True, bounds=Bounds(),
                                 roles=request.roles()))

    single = stopped(draft["body"])
    assert stopped(draft["body"].replace(" ", "  ")) == single
    assert stopped(draft["body"].replace(" ", "\t")) == single

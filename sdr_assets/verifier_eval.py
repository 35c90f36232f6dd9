"""Precision and recall of the draft verifier on a labelled set of drafts, per grounding mode.

    python -m sdr_assets.verifier_eval [--set tests/fixtures/verifier] [--show-misses] [--cost]

The set holds drafts written for this purpose, good and bad, over a few fact contexts
(``contexts.json``: facts and the approved template; ``drafts.jsonl``: one draft a line with
``expect`` = ``pass`` or ``fail``). A "positive" is a draft the verifier stops. It was written
after the verifier's word lists and is never used to tune them.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from dataclasses import dataclass
from pathlib import Path

from sdr_assets.domain.drafting import DraftRequest
from sdr_assets.domain.facts import Fact
from sdr_assets.domain.stats import wilson
from sdr_assets.domain.verifier import MODES, Bounds, verify_draft

DEFAULT_SET = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "verifier"


@dataclass(frozen=True)
class Score:
    mode: str
    true_pos: int
    false_pos: int
    false_neg: int
    true_neg: int
    misses: tuple[tuple[str, str], ...]

    @property
    def precision(self) -> float:
        return self.true_pos / max(1, self.true_pos + self.false_pos)

    @property
    def recall(self) -> float:
        return self.true_pos / max(1, self.true_pos + self.false_neg)

    @property
    def precision_interval(self) -> tuple[float, float]:
        return wilson(self.true_pos, self.true_pos + self.false_pos)

    @property
    def recall_interval(self) -> tuple[float, float]:
        return wilson(self.true_pos, self.true_pos + self.false_neg)


def load_set(folder: Path) -> tuple[dict, list[dict]]:
    contexts = json.loads((folder / "contexts.json").read_text(encoding="utf-8"))
    drafts = [json.loads(line) for line in (folder / "drafts.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return contexts, drafts


def request_for(context: dict) -> DraftRequest:
    facts = tuple(Fact(f"eval.{k}", k, v, "text", "eval") for k, v in context["facts"].items())
    return DraftRequest("eval", "a", context["subject"], context["body"], facts)


def score(folder: Path, mode: str, bounds: Bounds = Bounds()) -> Score:
    contexts, drafts = load_set(folder)
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    misses = []
    for draft in drafts:
        request = request_for(contexts[draft["context"]])
        reasons = verify_draft(draft["subject"], draft["body"], request.grounds(), first_touch=True, bounds=bounds,
                               mode=mode, roles=request.roles())
        stopped, bad = bool(reasons), draft["expect"] == "fail"
        key = {(True, True): "tp", (True, False): "fp", (False, True): "fn", (False, False): "tn"}[(stopped, bad)]
        counts[key] += 1
        if key in ("fp", "fn"):
            misses.append((draft["id"], "; ".join(reasons) if reasons else f"missed {draft['kind']}"))
    return Score(mode, counts["tp"], counts["fp"], counts["fn"], counts["tn"], tuple(misses))


def cost(folder: Path, mode: str = "lexicon", rounds: int = 7) -> float:
    """The verifier's CPU seconds per draft of the set in ``mode``: the best of ``rounds`` passes
    (after one that warms its caches), so the figure is the work, not the machine's other load."""
    contexts, drafts = load_set(folder)
    asks = []
    for draft in drafts:
        request = request_for(contexts[draft["context"]])
        asks.append((draft["subject"], draft["body"], request.grounds(), request.roles()))

    def one_pass() -> float:
        start = time.process_time()
        for subject, body, grounds, roles in asks:
            verify_draft(subject, body, grounds, first_touch=True, bounds=Bounds(), mode=mode, roles=roles)
        return time.process_time() - start

    one_pass()
    return min(one_pass() for _ in range(rounds)) / max(1, len(asks))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--cost", action="store_true", help="also the CPU time per draft in the default mode")
    args = parser.parse_args(argv)
    _, drafts = load_set(args.set)
    bad = sum(d["expect"] == "fail" for d in drafts)
    print(f"verifier on {len(drafts)} drafts ({bad} bad, {len(drafts) - bad} good)")
    print(f"{'mode':<15}{'precision (95% CI)':>22}{'recall (95% CI)':>22}{'stopped good':>14}{'missed bad':>12}")
    for mode in MODES:
        s = score(args.set, mode)
        precision = f"{s.precision:.1%} ({_span(s.precision_interval)})"
        recall = f"{s.recall:.1%} ({_span(s.recall_interval)})"
        print(f"{mode:<15}{precision:>22}{recall:>22}{s.false_pos:>14}{s.false_neg:>12}")
        if args.show_misses:
            for draft_id, why in s.misses:
                print(f"    {draft_id}: {why}")
    if args.cost:
        print(f"cost: {cost(args.set) * 1e6:.0f} us of CPU per draft in lexicon mode (best of 7 passes)")


def _span(interval: tuple[float, float]) -> str:
    """A 95 % Wilson interval in tenths of a percent, rounded outwards so it holds the rate."""
    low, high = interval
    return f"{math.floor(low * 1000) / 10:.1f}-{math.ceil(high * 1000) / 10:.1f}%"


if __name__ == "__main__":
    main()

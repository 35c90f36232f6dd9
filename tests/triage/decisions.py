"""How triage decides every sentence the tests and the development sets hold, to compare two versions of
the rules: ``python -m tests.triage.decisions OUT.json [BEFORE.json]``.

It reads each string in the test modules (``tests/**/*.py``) and each reply of the development sets in
``sdr_assets/triage/data``, never a held-out set, classifies it as a reply and writes its (label, data
request, needs review) to ``OUT.json``. Given ``BEFORE.json``, it prints every sentence decided otherwise,
and exits 1 if one suppressed before is suppressed no more: no opt-out may be lost.

``BASELINE`` keeps every sentence suppressed or marked as a data request, and ``test_no_optout_lost`` holds
the rules to it, one way: a sentence suppressed (marked) there stays suppressed (marked) unless its entry
says why it no longer is (``"released": "<reason>"``). ``python -m tests.triage.decisions --baseline`` adds
the sentences suppressed or marked now and keeps the rest; it drops none."""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

from sdr_assets.triage import classify_message
from sdr_assets.triage.optout_model import DATA

from .helpers import make_message

TESTS = Path(__file__).resolve().parents[1]
BASELINE = Path(__file__).with_name("optout_baseline.json")


def sentences() -> set[str]:
    found = set()
    for path in TESTS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""
            if 6 <= len(text) <= 600 and " " in text.strip() and any(c.isalpha() for c in text) and _mailable(text):
                found.add(text)
    for path in DATA.glob("optouts_dev*.jsonl"):
        found |= {json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    return found


def _mailable(text: str) -> bool:
    """Whether it can be a message's text (a test's lone surrogate cannot)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def decisions() -> dict[str, list]:
    out = {}
    for text in sorted(sentences()):
        result = classify_message(make_message(text))
        out[text] = [result.label, bool(result.data_request), bool(result.needs_review)]
    return out


def load_baseline() -> dict[str, dict]:
    return json.loads(BASELINE.read_text(encoding="utf-8"))


def update_baseline() -> int:
    """Add the sentences suppressed or marked now; an entry already there is kept as it is."""
    baseline = load_baseline() if BASELINE.exists() else {}
    for text, (label, marked, _review) in decisions().items():
        entry = baseline.setdefault(text, {"suppressed": False, "marked": False})
        entry["suppressed"] |= label == "unsubscribe" and "released" not in entry
        entry["marked"] |= marked and "released" not in entry
    kept = {text: entry for text, entry in sorted(baseline.items()) if entry["suppressed"] or entry["marked"]}
    lines = (f"{json.dumps(text, ensure_ascii=False)}: {json.dumps(entry, ensure_ascii=False)}" for text, entry in kept.items())
    BASELINE.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    print(f"{len(kept)} sentences in {BASELINE.name}")
    return 0


def main(argv: list[str]) -> int:
    if argv == ["--baseline"]:
        return update_baseline()
    now = decisions()
    Path(argv[0]).write_text(json.dumps(now, ensure_ascii=False, indent=0), encoding="utf-8")
    print(f"{len(now)} sentences, {sum(v[0] == 'unsubscribe' for v in now.values())} suppressed, "
          f"{sum(v[1] for v in now.values())} data requests")
    if len(argv) < 2:
        return 0
    before = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    lost = 0
    for text, was in before.items():
        if text in now and now[text] != was:
            lost += was[0] == "unsubscribe" and now[text][0] != "unsubscribe"
            print(f"{was} -> {now[text]}: {text[:120]!r}")
    print(f"suppressed before and no more: {lost}")
    return 1 if lost else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Write the broken-play corpus and its index: `python tests/badinput/plays/make_corpus.py`.

Each kind is one play file, a valid play with one thing broken. ``index.csv`` names the kind, its
file, and a word the report must carry (the field at fault, or what is wrong with the file); empty
when the file has no field to name. ``00-good.yaml`` is the valid play they all start from;
``01-twin.yaml`` is valid too, and held by the file that claims its name.
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"

GOOD = """\
name: {name}
owner: Dana Whitfield
description: A play that works, kept next to the broken ones.
triggers:
  - signal_type: hiring
variants:
  - id: a
    subject: "Hello {{first_name}}"
    body: "Hi {{first_name}}, a note about {{company_name}}."
sequence:
  - channel: email
    delay_days: 0
  - channel: email
    delay_days: 3
    subject: "Re: hello"
    body: "Following up once."
sender:
  name: Sam Carter
  email: sam@outreach.example
daily_cap: 40
"""


def play(name: str, old: str = "", new: str = "") -> str:
    text = GOOD.format(name=name)
    if old:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


# kind, the broken text (or bytes), the word the report must carry
KINDS: list[tuple[str, str | bytes, str]] = [
    ("daily-cap-not-a-number", play("bad-cap", "daily_cap: 40", "daily_cap: lots"), "daily_cap"),
    ("daily-cap-negative", play("bad-cap-neg", "daily_cap: 40", "daily_cap: -5"), "daily_cap"),
    ("delay-days-not-a-number", play("bad-delay", "delay_days: 3", "delay_days: soon"), "delay_days"),
    ("delay-days-negative", play("bad-delay-neg", "delay_days: 3", "delay_days: -1"), "delay_days"),
    ("delay-days-fraction", play("bad-delay-frac", "delay_days: 3", "delay_days: 1.5"), "delay_days"),
    ("step-not-a-mapping", play("bad-step", '  - channel: email\n    delay_days: 3\n    subject: "Re: hello"\n    body: "Following up once."\n',
                                     "  - email again in three days\n"),
     "sequence"),
    ("step-unknown-channel", play("bad-channel", "  - channel: email\n    delay_days: 3", "  - channel: fax\n    delay_days: 3"),
     "channel"),
    ("first-step-not-email", play("bad-first", "  - channel: email\n    delay_days: 0", "  - channel: linkedin\n    delay_days: 0"),
     "sequence"),
    ("not-utf8", play("bad-bytes").replace("A play that works", "Caf\udce9 play").encode("utf-8", "surrogateescape"),
     "UTF-8"),
    ("template-empty-field", play("bad-tpl-empty", "Hi {first_name},", "Hi {},"), "body"),
    ("template-unbalanced-brace", play("bad-tpl-open", "Hi {first_name},", "Hi {first_name,"), "body"),
    ("template-attribute", play("bad-tpl-attr", "{company_name}", "{company.name}"), "body"),
    ("template-format-spec", play("bad-tpl-spec", "Hi {first_name},", "Hi {first_name!r:>20},"), "body"),
    ("template-not-text", play("bad-tpl-list", 'subject: "Hello {first_name}"', "subject: [Hello]"), "subject"),
    ("variant-without-body", play("bad-variant", '    body: "Hi {first_name}, a note about {company_name}."\n', ""),
     "variants"),
    ("no-variants", play("bad-no-variants", 'variants:\n  - id: a\n    subject: "Hello {first_name}"\n'
                         '    body: "Hi {first_name}, a note about {company_name}."\n', "variants: []\n"), "variants"),
    ("trigger-unknown-signal", play("bad-trigger", "signal_type: hiring", "signal_type: rumour"), "triggers"),
    ("sender-missing", play("bad-sender", "sender:\n  name: Sam Carter\n  email: sam@outreach.example\n", ""), "sender"),
    ("sender-header-injection", play("bad-sender-crlf", "name: Sam Carter", 'name: "Sam\\r\\nBcc: all@evil.example"'),
     "sender"),
    ("name-not-a-slug", play("bad-name", "name: bad-name", "name: Bad Name!"), "name"),
    ("segment-not-a-mapping", play("bad-segment", "triggers:", "segment: [Software]\ntriggers:"), "segment"),
    ("review-sample-zero", play("bad-sample", "daily_cap: 40", "daily_cap: 40\nreview_sample_size: 0"),
     "review_sample_size"),
    ("invalid-yaml", play("bad-yaml", "triggers:\n  - signal_type: hiring", "triggers: [signal_type: hiring"), "YAML"),
    ("yaml-nested-too-deep", "name: bad-deep\nowner: x\ntriggers: " + "[" * 5000 + "]" * 5000 + "\n", ""),
    ("not-a-mapping", "- just\n- a list\n", ""),
    ("empty-file", "", ""),
    ("daily-cap-huge", play("bad-cap-huge", "daily_cap: 40", "daily_cap: 100000000000000000000000"), "daily_cap"),
    ("delay-days-huge", play("bad-delay-huge", "delay_days: 3", "delay_days: 100000000"), "delay_days"),
    ("max-age-huge", play("bad-age-huge", "  - signal_type: hiring", "  - signal_type: hiring\n    max_age_days: 1000000000"),
     "max_age_days"),
    ("yaml-alias-bomb", "name: bad-laughs\nowner: x\nl0: &l0 lol\n" + "".join(
        f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 10)), "aliases"),
    ("yaml-alias-loop", play("bad-loop", "triggers:\n  - signal_type: hiring", "triggers: &t [*t]"), "alias"),
    # A second file claiming a play's name (``01-twin.yaml``'s): that play is held, the good one sends on.
    ("duplicate-name", play("twin-play"), "twin-play"),
]


def main() -> None:
    FILES.mkdir(parents=True, exist_ok=True)
    for old in FILES.iterdir():
        old.unlink()
    (FILES / "00-good.yaml").write_text(play("good-play"), encoding="utf-8")
    (FILES / "01-twin.yaml").write_text(play("twin-play"), encoding="utf-8")
    rows = []
    for kind, text, word in KINDS:
        path = FILES / f"{kind}.yaml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        rows.append({"kind": kind, "file": path.name, "word": word})
    with (HERE / "index.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["kind", "file", "word"])
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()

"""Unit: play parsing and the version hash that an approval is bound to (no Dagster, no database)."""

import copy
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from sdr_assets.domain.plays import PlayError, load_play, load_plays, parse_play

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "plays"


@pytest.fixture
def doc() -> dict:
    return yaml.safe_load((SHIPPED / "revops-hiring.yaml").read_text(encoding="utf-8"))


def _hash(doc: dict) -> str:
    return parse_play(copy.deepcopy(doc)).version_hash


def _reversed_keys(value):
    """The same content with every mapping's keys in the opposite order."""
    if isinstance(value, dict):
        return {key: _reversed_keys(value[key]) for key in reversed(list(value))}
    if isinstance(value, list):
        return [_reversed_keys(item) for item in value]
    return value


def test_every_shipped_play_parses_with_a_distinct_hash():
    book = load_plays(SHIPPED)
    assert book.errors == {}
    assert len(book.plays) >= 3
    hashes = [p.version_hash for p in book.plays.values()]
    assert len(set(hashes)) == len(hashes)
    assert all(len(h) == 16 and int(h, 16) >= 0 for h in hashes)


def test_hash_ignores_comments_and_key_order(doc, tmp_path):
    original = tmp_path / "original.yaml"
    original.write_text((SHIPPED / "revops-hiring.yaml").read_text(encoding="utf-8"))
    reordered = tmp_path / "reordered.yaml"
    reordered.write_text(
        "# a comment at the top\n"
        + yaml.safe_dump(_reversed_keys(doc), sort_keys=False).replace("\nsender:", "\n# who signs\nsender:")
    )
    assert yaml.safe_load(reordered.read_text()) == doc
    assert reordered.read_text().splitlines()[1] != original.read_text().splitlines()[1]
    assert load_play(reordered).version_hash == load_play(original).version_hash


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d.update(owner="Someone Else"),
        lambda d: d.update(description="A different explanation for colleagues."),
        lambda d: d.update(daily_cap=3),
        lambda d: d.update(paused=True),
    ],
    ids=["owner", "description", "daily_cap", "paused"],
)
def test_hash_ignores_fields_that_do_not_change_what_a_prospect_receives(doc, edit: Callable[[dict], None]):
    before = _hash(doc)
    edit(doc)
    assert _hash(doc) == before


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d["variants"][0].update(subject="{role} opening at {company_name}"),
        lambda d: d["variants"][1].update(body=d["variants"][1]["body"].replace("Quick question", "A question")),
        lambda d: d["variants"].pop(),
        lambda d: d["triggers"][0].update(max_age_days=60),
        lambda d: d["triggers"][0]["match"]["keywords"].append("growth ops"),
        lambda d: d["triggers"].append({"signal_type": "funding"}),
        lambda d: d["segment"]["countries"].append("AU"),
        lambda d: d["segment"]["employees"].update(max=10000),
        lambda d: d["personas"][0]["titles"].append("CEO"),
        lambda d: d["research"].update(instructions="Say anything."),
        lambda d: d["sequence"][2].update(delay_days=3),
        lambda d: d["sequence"][1].update(note="Hello {first_name}"),
        lambda d: d["sequence"].pop(),
        lambda d: d["sender"].update(email="other@outreach.example"),
        lambda d: d["sender"].update(name="Someone Else"),
    ],
    ids=["subject", "body", "variant-removed", "trigger-age", "trigger-keyword", "trigger-added", "segment-country",
         "segment-size", "persona", "research", "sequence-delay", "sequence-note", "sequence-step", "sender-email",
         "sender-name"],
)
def test_hash_changes_with_anything_a_prospect_receives_or_who_receives_it(doc, edit: Callable[[dict], None]):
    before = _hash(doc)
    edit(doc)
    assert _hash(doc) != before


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d.pop("variants"), "missing required field 'variants'"),
        (lambda d: d.pop("owner"), "missing required field 'owner'"),
        (lambda d: d["triggers"][0].update(signal_type="gossip"), "signal_type in"),
        (lambda d: d["sequence"].insert(0, {"channel": "linkedin", "delay_days": 0}), "must start with an email step"),
        (lambda d: d.update(name="RevOps Hiring"), "name 'RevOps Hiring' must be lowercase"),
        (lambda d: d["variants"][0].pop("body"), "each variant needs id, subject and body"),
        (lambda d: d["sequence"][1].update(channel="fax"), "step channel must be one of"),
        (lambda d: d["sequence"][2].update(delay_days=-1), "delay_days cannot be negative"),
        (lambda d: d.update(sender={"name": "Sam"}), "sender.email is required"),
    ],
    ids=["no-variants", "no-owner", "bad-signal-type", "sequence-starts-on-linkedin", "bad-name", "variant-body",
         "bad-channel", "negative-delay", "no-sender-email"],
)
def test_bad_plays_fail_with_the_file_and_the_reason(doc, edit, message):
    edit(doc)
    with pytest.raises(PlayError) as raised:
        parse_play(doc, source="broken.yaml")
    assert str(raised.value).startswith("broken.yaml: ")
    assert message in str(raised.value)


def test_one_broken_file_does_not_stop_the_others(doc, tmp_path):
    (tmp_path / "good.yaml").write_text(yaml.safe_dump(doc))
    (tmp_path / "also-good.yml").write_text(yaml.safe_dump({**doc, "name": "revops-copy"}))
    (tmp_path / "not-yaml.yaml").write_text("name: [unclosed\n")
    (tmp_path / "bad-signal.yaml").write_text(
        yaml.safe_dump({**doc, "name": "bad-signal", "triggers": [{"signal_type": "rumour"}]}))
    (tmp_path / "zz-duplicate.yaml").write_text(yaml.safe_dump(doc))
    (tmp_path / "notes.txt").write_text("not a play")

    book = load_plays(tmp_path)

    assert sorted(book.plays) == ["revops-copy", "revops-hiring"]
    assert sorted(book.errors) == ["bad-signal.yaml", "not-yaml.yaml", "zz-duplicate.yaml"]
    assert "invalid YAML" in book.errors["not-yaml.yaml"]
    assert "signal_type" in book.errors["bad-signal.yaml"]
    assert "duplicate play name 'revops-hiring'" in book.errors["zz-duplicate.yaml"]


def test_a_missing_folder_is_an_empty_playbook(tmp_path):
    book = load_plays(tmp_path / "nowhere")
    assert book.plays == {} and book.errors == {}

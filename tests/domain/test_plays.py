"""Unit: play parsing and the version hash that an approval is bound to (no Dagster, no database)."""

import copy
import os
import typing
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from sdr_assets.domain.plays import (
    MAX_DAILY_CAP,
    MAX_DAYS,
    MAX_EMPLOYEES,
    MAX_NODES,
    PlayError,
    Seniority,
    parse_play,
    parse_play_text,
    playbook,
)
from sdr_assets.domain.drafting import WRITTEN, Candidate, settle
from sdr_assets.domain.facts import build_facts
from sdr_assets.domain.writer import OFFLINE_IDENTITY
from sdr_assets.playbook import load_play, load_plays
from tests.domain.shipped_drafts import email_requests

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
        lambda d: d.update(owner_email="dana@team.example"),
    ],
    ids=["owner", "description", "daily_cap", "paused", "owner_email"],
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
        lambda d: d["research"].update(allowed_links=["https://book.outreach.example/dana"]),
        lambda d: d["research"].update(max_words=120),
        lambda d: d["sequence"][2].update(delay_days=3),
        lambda d: d["sequence"][1].update(note="Hello {first_name}"),
        lambda d: d["sequence"].pop(),
        lambda d: d["sender"].update(email="other@outreach.example"),
        lambda d: d["sender"].update(name="Someone Else"),
    ],
    ids=["subject", "body", "variant-removed", "trigger-age", "trigger-keyword", "trigger-added", "segment-country",
         "segment-size", "persona", "research", "research-links", "research-length", "sequence-delay", "sequence-note", "sequence-step", "sender-email",
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
        (lambda d: d["triggers"][0].update(signal_type="gossip"), "signal_type must be one of"),
        (lambda d: d["sequence"].insert(0, {"channel": "linkedin", "delay_days": 0}), "must start with an email step"),
        (lambda d: d.update(name="RevOps Hiring"), "name 'RevOps Hiring' must be lowercase"),
        (lambda d: d["variants"][0].pop("body"), "field 'variants[0].body': missing required field 'body'"),
        (lambda d: d["sequence"][1].update(channel="fax"), "channel must be one of 'email' or 'linkedin'"),
        (lambda d: d["sequence"][2].update(delay_days=-1), "delay_days cannot be negative"),
        (lambda d: d.update(sender={"name": "Sam"}), "field 'sender.email': missing required field 'email'"),
        (lambda d: d.update(paused="no"), "paused must be true or false, not 'no'"),
        (lambda d: d.update(daily_cap="40"), "daily_cap must be a whole number, not '40'"),
        (lambda d: d.update(owner_email="dana at team"), "field 'owner_email': not an email address"),
        (lambda d: d["variants"].append(dict(d["variants"][0])), "variant ids must be distinct"),
        (lambda d: d["personas"][0].update(seniorities=["C-level"]), "seniorities must be one of"),
        (lambda d: d["triggers"][0]["match"].update(keyword=["x"]), "unknown field 'keyword'; expected one of keywords"),
        (lambda d: d["research"].update(allowed_links=["book.outreach.example"]), "is not an http or https link"),
        (lambda d: d["research"].update(allowed_links=["javascript:alert(1)"]), "is not an http or https link"),
        (lambda d: d["research"].update(min_words=0), "min_words must be at least 1"),
        (lambda d: d["research"].update(max_words=501), "max_words must be at most 500"),
        (lambda d: d["research"].update(min_words=60, max_words=40), "min_words (60) is more than max_words (40)"),
        (lambda d: d["research"].update(min_words=200), "min_words (200) is more than max_words (180)"),
    ],
    ids=["no-variants", "no-owner", "bad-signal-type", "sequence-starts-on-linkedin", "bad-name", "variant-body",
         "bad-channel", "negative-delay", "no-sender-email", "paused-text", "cap-text", "owner-email-text", "same-variant-id",
         "unknown-seniority", "match-typo", "link-without-scheme", "link-script", "no-words", "too-many-words",
         "words-crossed", "min-past-default-max"],
)
def test_bad_plays_fail_with_the_file_and_the_reason(doc, edit, message):
    edit(doc)
    with pytest.raises(PlayError) as raised:
        parse_play(doc, source="broken.yaml")
    assert str(raised.value).startswith("broken.yaml: ")
    assert message in str(raised.value)


def _line(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "field", "reason"),
    [
        ("- signal_type: hiring", "- signal_type: gossip", "triggers[0].signal_type", "signal_type must be one of"),
        ("channel: linkedin", "channel: fax", "sequence[1].channel", "channel must be one of"),
        ("    delay_days: 5", "    delay_days: -1", "sequence[2].delay_days", "delay_days cannot be negative"),
        ("daily_cap: 40", "daly_cap: 40", "daly_cap", "unknown field 'daly_cap'"),
        ("name: revops-hiring", "name: RevOps Hiring", "name", "must be lowercase"),
        ('subject: "{role} at {company_name}"', 'subject: "{role at {company_name}"', "variants[0].subject",
         "bad template"),
        ("  email: sam@outreach.example", "  email: sam at outreach", "sender.email", "not an email address"),
        # each reached a mail server as MAIL FROM; the last named another domain in the From header
        ("  email: sam@outreach.example", "  email: sam@outreach", "sender.email", "the domain has no dot"),
        ("  email: sam@outreach.example", "  email: sam@@outreach.example", "sender.email", "not an email address"),
        ("  email: sam@outreach.example", '  email: "sam@outreach.example victim@x.example"', "sender.email",
         "not an email address"),
        ("daily_cap: 40", "daily_cap: 40\ndaily_cap: 4000", "daily_cap", "duplicate key 'daily_cap'"),
        # no footer can hold these: every draft's message would be refused, one by one, at send time
        ("  email: sam@outreach.example",
         '  email: sam@outreach.example\n  postal_address: "1 Main St\\r\\nSpringfield"', "sender.postal_address",
         "must be lines of text without a carriage return, tab or other control character"),
        ("  email: sam@outreach.example",
         '  email: sam@outreach.example\n  postal_address: "1 Main St\\tSpringfield"', "sender.postal_address",
         "control character U+0009"),
        ("max_age_days: 30", "max_age_days: 1000000000", "triggers[0].max_age_days",
         f"max_age_days must be at most {MAX_DAYS:,}, not 1000000000"),
        ("    delay_days: 5", "    delay_days: 100000000", "sequence[2].delay_days",
         f"delay_days must be at most {MAX_DAYS:,}"),
        ("daily_cap: 40", "daily_cap: 100000000000000000000000", "daily_cap",
         f"daily_cap must be at most {MAX_DAILY_CAP:,}"),
        ("employees: {min: 50, max: 5000}", "employees: {min: 50, max: 50000000000}", "segment.employees.max",
         f"max must be at most {MAX_EMPLOYEES:,}"),
    ],
    ids=["signal-type", "channel", "delay", "typo", "name", "template", "sender", "sender-no-dot", "sender-two-at",
         "sender-two-addresses", "duplicate-key", "postal-cr", "postal-tab", "age-huge",
         "delay-huge", "cap-huge", "employees-huge"],
)
def test_an_error_names_the_file_the_field_and_the_line(old, new, field, reason):
    text = (SHIPPED / "revops-hiring.yaml").read_text(encoding="utf-8").replace(old, new, 1)
    with pytest.raises(PlayError) as raised:
        parse_play_text(text, "revops-hiring.yaml")
    problem = raised.value
    assert (problem.source, problem.field) == ("revops-hiring.yaml", field)
    assert reason in problem.reason
    assert problem.line == _line(text, new.split("\n")[-1].strip())
    assert str(problem).startswith(f"revops-hiring.yaml: line {problem.line}, field '{field}': ")


def test_a_postal_address_of_lines_is_taken_as_written():
    written = "  email: sam@outreach.example\n  postal_address: |\n    1 Main St\n    Springfield"
    text = (SHIPPED / "revops-hiring.yaml").read_text(encoding="utf-8").replace(
        "  email: sam@outreach.example", written, 1)
    assert parse_play_text(text, "revops-hiring.yaml").sender["postal_address"] == "1 Main St\nSpringfield\n"


@pytest.mark.parametrize(
    ("file", "edits", "field", "at", "reason"),
    [
        ("series-b-funding", [("delay_days: 4", "delay_days: 0")], "sequence[1].delay_days", "delay_days: 4",
         "step 2's delay_days (0) must be greater than step 1's (0): delays count days from the first email"),
        ("revops-hiring", [("delay_days: 2", "delay_days: 0"), ("delay_days: 5", "delay_days: 0")],
         "sequence[2].delay_days", "delay_days: 5", "step 3's delay_days (0) must be greater than step 1's (0)"),
        ("revops-hiring", [("delay_days: 2", "delay_days: 6")], "sequence[2].delay_days", "delay_days: 5",
         "step 3's delay_days (5) is less than step 2's (6): delays count days from the first email"),
    ],
    ids=["email-same-day", "email-same-day-across-linkedin", "goes-down"],
)
def test_delays_that_do_not_increase_are_refused_naming_the_step(file, edits, field, at, reason):
    shipped = text = (SHIPPED / f"{file}.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1
        text = text.replace(old, new)
    with pytest.raises(PlayError) as raised:
        parse_play_text(text, f"{file}.yaml")
    problem = raised.value
    assert (problem.field, problem.line) == (field, _line(shipped, at))
    assert problem.reason.startswith(reason)


def test_a_third_email_earlier_than_the_second_is_refused_and_the_other_plays_load(tmp_path):
    text = (SHIPPED / "series-b-funding.yaml").read_text(encoding="utf-8")
    third = '  - channel: email\n    delay_days: 2\n    subject: "Re: last note"\n    body: "Last note."\n'
    (tmp_path / "series-b-funding.yaml").write_text(text.replace("sender:", third + "sender:", 1))
    (tmp_path / "revops-hiring.yaml").write_text((SHIPPED / "revops-hiring.yaml").read_text(encoding="utf-8"))
    book = load_plays(tmp_path)
    assert list(book.plays) == ["revops-hiring"]
    problem = book.problems["series-b-funding.yaml"]
    assert problem.field == "sequence[2].delay_days"
    assert problem.reason.startswith("step 3's delay_days (2) is less than step 2's (4)")


def test_a_linkedin_step_may_share_the_day_of_the_email_before_it():
    text = (SHIPPED / "revops-hiring.yaml").read_text(encoding="utf-8").replace("    delay_days: 2\n",
                                                                                 "    delay_days: 0\n", 1)
    assert [s["delay_days"] for s in parse_play_text(text, "revops-hiring.yaml").sequence] == [0, 0, 5]


def test_the_largest_values_allowed_are_accepted():
    text = (SHIPPED / "revops-hiring.yaml").read_text(encoding="utf-8")
    for old, new in (("max_age_days: 30", f"max_age_days: {MAX_DAYS}"), ("delay_days: 5", f"delay_days: {MAX_DAYS}"),
                     ("daily_cap: 40", f"daily_cap: {MAX_DAILY_CAP}"), ("max: 5000", f"max: {MAX_EMPLOYEES}")):
        assert old in text
        text = text.replace(old, new, 1)
    play = parse_play_text(text, "revops-hiring.yaml")
    assert play.daily_cap == MAX_DAILY_CAP and play.triggers[0]["max_age_days"] == MAX_DAYS


def _laughs(levels: int, merge: bool = False) -> str:
    """A play whose aliases nest ``levels`` deep, ten to a level: 10**levels values from a few hundred bytes."""
    lines = ["name: laughs", "owner: Dana", 'l0: &l0 {"lol": 1}' if merge else 'l0: &l0 "lol"']
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*l{level - 1}"] * 10)
        lines.append(f"l{level}: &l{level} {{<<: [{aliases}]}}" if merge else f"l{level}: &l{level} [{aliases}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("text", "line", "reason"), [
    (_laughs(9), 7, f"more than {MAX_NODES:,} values once its aliases are expanded"),
    (_laughs(9, merge=True), 7, f"more than {MAX_NODES:,} values once its aliases are expanded"),
    ("name: loop\nowner: Dana\ntriggers: &t [*t]\n", 3, "an alias refers to a value that contains it"),
], ids=["billion-laughs", "merge-key-laughs", "alias-loop"])
def test_aliases_that_expand_past_the_bound_are_refused_and_the_other_plays_load(tmp_path, text, line, reason):
    (tmp_path / "laughs.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "revops-hiring.yaml").write_text((SHIPPED / "revops-hiring.yaml").read_text(encoding="utf-8"))
    book = load_plays(tmp_path)
    assert list(book.plays) == ["revops-hiring"]
    problem = book.problems["laughs.yaml"]
    assert (problem.line, problem.reason) == (line, reason + (" (a play has a few hundred)" if "more" in reason else ""))


def test_anchors_aliases_and_merge_keys_read_as_the_play_written_out():
    text = (SHIPPED / "revops-hiring.yaml").read_text(encoding="utf-8")
    countries = "[US, GB, CA, NL, DE, IE, FR, ES]"
    aliased = (text.replace(f"  countries: {countries}", f"  countries: &countries {countries}")
               .replace("  - channel: email\n    delay_days: 0\n", "  - &email {channel: email, delay_days: 0}\n")
               .replace("  - channel: email\n    delay_days: 5\n", "  - <<: *email\n    delay_days: 5\n"))
    assert aliased.count("*") == 1 and "&countries" in aliased
    routing = "routing:\n  segments:\n    - owner: Lee Ops\n      countries: {}\n"
    written = parse_play_text(text + routing.format(countries), "revops-hiring.yaml")
    shared = parse_play_text(aliased + routing.format("*countries"), "revops-hiring.yaml")
    assert shared.version_hash == written.version_hash == SHIPPED_HASHES["revops-hiring"]
    assert shared.routing == written.routing and shared.sequence == written.sequence


def test_invalid_yaml_names_its_line():
    with pytest.raises(PlayError) as raised:
        parse_play_text("name: ok-play\nowner: Dana\ntriggers: [unclosed\nvariants: []\n", "bad.yaml")
    assert "invalid YAML" in raised.value.reason and raised.value.line in (3, 4)


def test_a_missing_field_points_at_the_mapping_that_lacks_it():
    text = (SHIPPED / "revops-hiring.yaml").read_text(encoding="utf-8")
    text = text.replace("    subject: \"Before your new {role} starts\"\n", "")
    with pytest.raises(PlayError) as raised:
        parse_play_text(text, "revops-hiring.yaml")
    assert raised.value.field == "variants[1].subject"
    assert raised.value.line == _line(text, "- id: question-first")


def test_every_problem_of_a_file_is_listed_in_its_reason(doc):
    doc["triggers"][0]["signal_type"] = "gossip"
    doc["daily_cap"] = -3
    with pytest.raises(PlayError) as raised:
        parse_play(doc, source="two.yaml")
    assert "and 1 more" in raised.value.reason and "daily_cap cannot be negative" in raised.value.reason


# Hashes of the shipped plays as the previous parser computed them with the offline writer:
# approvals already recorded for these versions must stay valid.
SHIPPED_HASHES = {
    "data-stack-adopters": "22279df1445db8c5",
    "revops-hiring": "96a501c1da165948",
    "series-b-funding": "c871067c5b14151c",
}


def test_the_typed_model_keeps_every_shipped_version_hash():
    book = load_plays(SHIPPED, writer=dict(OFFLINE_IDENTITY))
    assert {name: play.version_hash for name, play in book.plays.items()} == SHIPPED_HASHES


def test_the_writer_is_part_of_the_version_and_the_cache_keeps_them_apart():
    offline = load_plays(SHIPPED, writer=dict(OFFLINE_IDENTITY)).plays["revops-hiring"]
    other = {"model": "m", "endpoint": "http://x", "prompt_version": "1"}
    model = load_plays(SHIPPED, writer=other).plays["revops-hiring"]
    assert offline.version_hash == SHIPPED_HASHES["revops-hiring"] != model.version_hash
    again = load_plays(SHIPPED, writer=dict(OFFLINE_IDENTITY)).plays["revops-hiring"]
    assert again.version_hash == offline.version_hash


def test_an_edit_is_seen_at_once_even_at_the_same_size_and_time(tmp_path):
    path = tmp_path / "revops-hiring.yaml"
    path.write_text((SHIPPED / "revops-hiring.yaml").read_text(encoding="utf-8"))
    before = load_plays(tmp_path).plays["revops-hiring"]
    stat = path.stat()
    path.write_text(path.read_text().replace("20-minute", "15-minute"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    after = load_plays(tmp_path).plays["revops-hiring"]
    assert path.stat().st_size == stat.st_size
    assert after.version_hash != before.version_hash and "15-minute" in after.variants[0]["body"]


def test_a_caller_editing_its_play_does_not_change_the_next_reader(tmp_path):
    first = load_plays(SHIPPED).plays["revops-hiring"]
    first.triggers.append({"signal_type": "funding"})
    assert load_plays(SHIPPED).plays["revops-hiring"].trigger_types() == {"hiring"}


def test_one_broken_file_does_not_stop_the_others(doc, tmp_path):
    (tmp_path / "good.yaml").write_text(yaml.safe_dump(doc))
    (tmp_path / "also-good.yml").write_text(yaml.safe_dump({**doc, "name": "revops-copy"}))
    (tmp_path / "not-yaml.yaml").write_text("name: [unclosed\n")
    (tmp_path / "bad-signal.yaml").write_text(
        yaml.safe_dump({**doc, "name": "bad-signal", "triggers": [{"signal_type": "rumour"}]}))
    (tmp_path / "zz-duplicate.yaml").write_text(yaml.safe_dump(doc))
    (tmp_path / "notes.txt").write_text("not a play")

    book = load_plays(tmp_path)

    assert sorted(book.plays) == ["revops-copy"]
    assert sorted(book.errors) == ["bad-signal.yaml", "not-yaml.yaml"]
    assert "invalid YAML" in book.errors["not-yaml.yaml"]
    assert "signal_type" in book.errors["bad-signal.yaml"]
    assert book.duplicates == {"revops-hiring": ("good.yaml", "zz-duplicate.yaml")}


@pytest.mark.parametrize("copy", ["aa-copy.yaml", "zz-copy.yaml"])
def test_a_name_two_files_claim_is_held_whichever_sorts_first(doc, tmp_path, copy):
    """No file-name order picks a winner: neither file's wording is the play until one is removed."""
    (tmp_path / "revops-hiring.yaml").write_text(yaml.safe_dump(doc))
    approved = load_plays(tmp_path).plays["revops-hiring"].version_hash
    (tmp_path / copy).write_text(yaml.safe_dump({**doc, "owner": "Someone Else"}))

    book = load_plays(tmp_path)

    assert "revops-hiring" not in book.plays
    files = ", ".join(sorted([copy, "revops-hiring.yaml"]))
    assert book.held_reason("revops-hiring") == (f"2 files claim the name 'revops-hiring' ({files}); it sends "
                                                 "nothing until a person removes all but one")
    assert book.problem_of("revops-hiring").field == "name"
    (tmp_path / copy).unlink()
    assert load_plays(tmp_path).plays["revops-hiring"].version_hash == approved, "the approved version again"


def test_a_broken_file_declaring_a_plays_name_holds_that_play(doc, tmp_path):
    (tmp_path / "revops-hiring.yaml").write_text(yaml.safe_dump(doc))
    (tmp_path / "draft.yaml").write_text("name: revops-hiring\nowner: [unclosed\n")

    book = load_plays(tmp_path)

    assert "revops-hiring" not in book.plays and "invalid YAML" in book.errors["draft.yaml"]
    assert book.duplicates == {"revops-hiring": ("draft.yaml", "revops-hiring.yaml")}


@pytest.mark.parametrize("written",
                         ["name: |\n  revops-hiring", 'name: "revops-hiring\\n"', "name: >\n  revops-hiring"])
def test_a_name_with_a_line_break_is_invalid_and_holds_the_play_it_names(doc, tmp_path, written):
    """A name is the whole value: a final line break makes the file invalid, never a second play."""
    text = yaml.safe_dump(doc)
    (tmp_path / "revops-hiring.yaml").write_text(text)
    (tmp_path / "zz-copy.yaml").write_text(text.replace("name: revops-hiring", written, 1))

    book = load_plays(tmp_path)

    assert sorted(book.plays) == [] and list(book.duplicates) == ["revops-hiring"]
    problem = book.problems["zz-copy.yaml"]
    assert problem.field == "name" and "\n" not in str(problem) and "must be lowercase letters" in problem.reason


@pytest.mark.parametrize("written", ["name: > # the new wording\n  revops-hiring", "name: >\n  revops-\n  hiring",
                                     "name: other-play\nname: revops-hiring"])
def test_a_broken_file_counts_by_every_name_it_declares(doc, tmp_path, written):
    """A comment after the block indicator, a name folded over lines, a second `name:` key: each still
    claims the play, so neither file's wording sends until a person removes one."""
    text = yaml.safe_dump(doc)
    (tmp_path / "revops-hiring.yaml").write_text(text)
    (tmp_path / "zz-copy.yaml").write_text(text.replace("name: revops-hiring", written, 1))

    book = load_plays(tmp_path)

    assert "revops-hiring" not in book.plays and "zz-copy.yaml" in book.problems
    assert book.duplicates["revops-hiring"] == ("revops-hiring.yaml", "zz-copy.yaml")


def test_a_held_plays_reason_gives_each_files_version_and_which_is_approved(doc, tmp_path):
    (tmp_path / "revops-hiring.yaml").write_text(yaml.safe_dump(doc))
    approved = load_plays(tmp_path).plays["revops-hiring"].version_hash
    (tmp_path / "zz-copy.yaml").write_text(yaml.safe_dump(doc).replace("{role} at {company_name}", "{role} hiring"))
    (tmp_path / "aa-draft.yaml").write_text("name: revops-hiring\nowner: [unclosed\n")
    copy = load_plays(tmp_path).claimants["revops-hiring"][-1].version_hash

    reason = load_plays(tmp_path).held_reason("revops-hiring", {"revops-hiring.yaml"})

    assert copy != approved and reason == (
        f"3 files claim the name 'revops-hiring' (aa-draft.yaml: invalid; revops-hiring.yaml: version {approved}, "
        f"the approved version; zz-copy.yaml: version {copy}, not approved); it sends nothing until a person "
        "removes all but one")


def test_a_missing_folder_is_an_empty_playbook(tmp_path):
    book = load_plays(tmp_path / "nowhere")
    assert book.plays == {} and book.errors == {}


def test_the_model_knows_the_seniorities_targeting_ranks():
    from sdr_assets.domain.targeting import SENIORITY_RANK

    assert set(typing.get_args(Seniority)) == set(SENIORITY_RANK)


BOOKING, ELSEWHERE = "https://book.outreach.example/dana", "https://calendar.example/dana"


def _hiring_request(doc: dict):
    """The first email of revops-hiring parsed from ``doc``, for an opening at Acme, as drafting asks for it."""
    signal = {"signal_id": "s1", "signal_type": "hiring",
              "attributes": {"role": "Head of Revenue Operations", "openings": 2}}
    facts = build_facts(signal, {"name": "Acme", "industry": "Software", "employees": 120, "country": "DE"},
                        {"first_name": "Dana", "last_name": "Ortiz", "title": "VP Sales"})[0]
    return next(email_requests(parse_play(copy.deepcopy(doc)), facts))


def _with_link(request, link: str) -> Candidate:
    subject, body = request.rendered()
    linked = body.replace("before they join?", f"before they join? {link}")
    assert link in linked
    return Candidate(subject, linked, (), "model")


def test_a_plays_allowed_links_and_lengths_reach_the_verifier(doc):
    doc["research"].update(allowed_links=[BOOKING], min_words=20, max_words=400)
    request = _hiring_request(doc)
    assert (request.bounds.min_words, request.bounds.max_words) == (20, 400)
    assert settle(request, _with_link(request, BOOKING)).verdict == WRITTEN
    elsewhere = settle(request, _with_link(request, ELSEWHERE))
    assert elsewhere.verdict != WRITTEN and f"link not allowed: {ELSEWHERE}" in elsewhere.reasons
    doc["research"].pop("allowed_links")
    shipped = _hiring_request(doc)
    assert settle(shipped, _with_link(shipped, BOOKING)).verdict != WRITTEN, "no link is allowed unless listed"


def test_an_invalid_file_stands_for_the_play_it_declares_or_else_its_file_name():
    renamed, bare = PlayError("renamed.yaml", "bad daily_cap"), PlayError("bare.yaml", "no name")
    book = playbook({"renamed.yaml": renamed, "bare.yaml": bare},
                    {"renamed.yaml": "name: funding\n", "bare.yaml": "owner: Dana\n"})
    assert book.invalid_plays() == {"funding": renamed, "bare": bare}
    assert book.problem_of("funding") is renamed and book.problem_of("bare") is bare
    assert book.problem_of("renamed") is None, "no play is called after a file that declares another name"

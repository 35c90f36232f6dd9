"""Signal feeds: good rows go on, every bad row is quarantined with its reason."""

import json

from sdr_assets.domain.addresses import InvalidAddressError, is_valid_address, normalise_address
from sdr_assets.domain.signals import read_inbox

GOOD = {"signal_id": "s1", "company_domain": "Acme.example", "signal_type": "funding", "detail": "Series B",
        "observed_at": "2026-11-01T10:00:00Z", "source": "news", "attributes": {"round": "Series B"}}


def test_bad_rows_are_quarantined_and_good_rows_kept(tmp_path):
    rows = [GOOD, {**GOOD, "signal_id": "s2", "signal_type": "rumour"}, {**GOOD, "signal_id": "s3", "company_domain": ""},
            {**GOOD, "signal_id": "s4", "observed_at": "yesterday"}]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n{not json\n")
    (tmp_path / "feed.csv").write_text(
        "signal_id,company_domain,signal_type,detail,observed_at,source,attributes\n"
        's1,acme.example,funding,dup,2026-11-01,news,{}\n'
        's5,globex.example,hiring,Hiring,2026-11-02,jobs,"{""role"": ""Head of RevOps""}"\n'
        's6,globex.example,hiring,Hiring,2026-11-02,jobs,{broken\n')
    (tmp_path / "notes.txt").write_text("hello")
    feed = read_inbox(tmp_path)
    assert sorted(r["signal_id"] for r in feed.rows) == ["s1", "s5"]
    assert next(r for r in feed.rows if r["signal_id"] == "s1")["company_domain"] == "acme.example"
    reasons = sorted(q.reason for q in feed.quarantined)
    assert reasons == sorted([
        "unknown signal_type 'rumour'", "missing company_domain", "attributes is not valid JSON",
        "unsupported file type '.txt'",
    ] + [r for r in reasons if r.startswith("bad observed_at") or r.startswith("invalid JSON")])
    assert sum(r.startswith("invalid JSON") for r in reasons) == 1
    assert sum(r.startswith("bad observed_at") for r in reasons) == 1
    assert all(q.source_file for q in feed.quarantined)


def test_an_unreadable_file_is_quarantined_whole(tmp_path):
    (tmp_path / "latin.jsonl").write_bytes(b'{"signal_id": "\xff"}\n')
    feed = read_inbox(tmp_path)
    assert feed.rows == [] and feed.quarantined[0].reason.startswith("unreadable file")


def test_addresses_are_validated_before_any_mail_server():
    assert normalise_address(" Jo.Smith@Acme.example ") == "jo.smith@acme.example"
    for bad in ["no-at-sign", "two..dots@acme.example", "x@localhost", "a b@acme.example", ""]:
        assert not is_valid_address(bad), bad
    try:
        normalise_address("x@y")
    except InvalidAddressError as exc:
        assert "dot" in str(exc)

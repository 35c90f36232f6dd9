"""JSON Lines and CSV read column-wise give the rows and quarantine of every record read alone.

Odd lines (escapes, keys twice, nulls and missing keys, nesting, numbers, separators, BOMs, CRLF,
blank lines, bytes that are not UTF-8; for CSV quotes, fields across lines, field counts, odd
headers) are set among plain ones, so the column-wise path meets them; each file must give the
rows, their order and every quarantine reason of the per-row path.
"""

import csv
import io
import json
import math
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdr_assets.domain import signal_lines
from sdr_assets.domain.signal_lines import plain_csv_records, plain_records
from sdr_assets.domain import signals
from sdr_assets.domain.signals import MAX_LINE, read_feed, records, validate_records

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
CORPUS = Path(__file__).resolve().parents[1] / "badinput" / "signals" / "files"
HIRING = {"signal_id": "sig_1", "company_domain": "acme.example", "signal_type": "hiring",
          "detail": "Acme posted 2 openings", "observed_at": "2026-11-01T10:00:00Z", "source": "jobs-feed",
          "attributes": {"role": "Account Executive", "department": "Sales", "openings": 2}}


def _plain(n: int) -> list[str]:
    return [json.dumps({**HIRING, "signal_id": f"sig_{n}_{i}", "company_domain": f"acme{n}x{i}.example"})
            for i in range(n)]


def _line(**changed) -> str:
    return json.dumps({**HIRING, **changed}, ensure_ascii=False)


ODD_LINES = [
    _line().replace('"signal_id": "sig_1"', '"signal_id": "sig_a", "signal_id": "sig_b"'),
    _line().replace('"detail": ', '"detail": "first", "detail": '),
    _line().replace('{"role": ', '{"role": "SDR", "role": '),
    _line().replace('"source": "jobs-feed", ', "").replace('{"role": ', '{"source": "attr", "role": '),
    _line().replace('"signal_type": "hiring", ', "").replace('{"role": ', '{"signal_type": "funding", "role": '),
    _line().replace('"attributes": {', '"attributes": {"attributes": {}, '),
    _line()[:-1] + ', "attributes": {"role": "CRO", "openings": 1}}',
    _line()[:-1] + ",}", _line().replace("2}}", "2,}}"), _line().replace('"sig_1", ', '"sig_1",, '),
    _line(detail="Caf\u00e9 opened"), json.dumps({**HIRING, "detail": "Caf\u00e9 opened"}),
    json.dumps({**HIRING, "detail": "smile \U0001f600"}), _line().replace("Acme posted", "Acme \\ud83d\\ude00 posted"),
    _line().replace("Acme posted", "Acme \\ud800 posted"), _line().replace("Acme posted", "Acme \\u0041 posted"),
    _line(detail='quote " inside'), _line(detail="tab\there"), _line().replace("Acme posted", "Acme\x01posted"),
    _line(detail="a {b} c"), _line(detail="x}, \"signal_type\": \"funding"), _line(detail="line\u2028sep"),
    _line(detail="é".join("ab")), _line(detail="Jose\u0301"), _line(detail="  two  spaces "),
    _line(attributes={"role": "AE", "openings": 10**30}), _line(attributes={"role": "AE", "openings": 2.0}),
    _line().replace('"openings": 2', '"openings": NaN'), _line().replace('"openings": 2', '"openings": Infinity'),
    _line().replace('"openings": 2', '"openings": -0'), _line().replace('"openings": 2', '"openings": 2e0'),
    _line().replace('"openings": 2', '"openings": 00002'), _line(attributes={"role": "AE", "openings": True}),
    _line(detail=None), _line(signal_id=None), _line(source=None), _line(attributes=None), _line(evidence_url=None),
    _line(evidence_url=""), _line(evidence_url="https://acme.example/jobs/1"), _line(signal_id=""),
    json.dumps({k: v for k, v in HIRING.items() if k != "detail"}),
    json.dumps({k: v for k, v in HIRING.items() if k != "signal_id"}),
    json.dumps({k: v for k, v in HIRING.items() if k != "attributes"}),
    json.dumps({k: v for k, v in HIRING.items() if k != "company_domain"}),
    _line(detail={"nested": 1}), _line(attributes={"role": {"x": 1}}), _line(attributes={"role": ["AE"]}),
    _line(attributes=[1]), _line(attributes='{"role": "AE"}'), _line(attributes=""), _line(attributes={}),
    _line(detail=5), _line(observed_at=20261101), _line(signal_type=None), _line(company_domain=True),
    _line().replace('"Signal_Type"', "").replace('"signal_type"', '"Signal_Type"'),
    _line().replace('"source"', '" source"'), _line(gossip="x"), _line().replace('"company_domain"', '"domain"'),
    json.dumps(HIRING, separators=(",", ":")), json.dumps(HIRING, indent=None, separators=(", ", ":")),
    " " + _line(), _line() + " ", "\t" + _line(), _line().replace(", ", " , "), "{ }", "{}", "[]", "[1, 2]",
    '"text"', "42", "null", "true", "{", "}", "", "   ", "\t", "\ufeff" + _line(), _line().replace("{", "\ufeff{", 1),
    _line(detail="x" * (MAX_LINE + 10)), "a" * (MAX_LINE + 5), _line(company_domain="WWW.Acme.example"),
    _line(observed_at="2026-11-01"), _line(observed_at="2030-01-01T00:00:00Z"), _line(signal_type="rumour"),
    _line().replace("\"sig_1\"", "\"sig\x7f1\""), json.dumps({**HIRING, "detail": "lone \udc80"}, ensure_ascii=False),
    _line(detail="x\r\ny"), _line() + "\r", _line() + "\r\r", _line().replace(", ", ",\r "),
    _line().replace('"openings": 2', '"openings": 1e400'), _line().replace('"openings": 2', '"openings": -1e400'),
    json.dumps(dict(reversed(HIRING.items()))), json.dumps({"attributes": HIRING["attributes"], **HIRING}),
    _line(attributes={"signal_type": "funding", "detail": "x", "source": "attr"}),
]


def _reference(name: str, data: bytes, first_line: int = 1):
    return validate_records(name, records(name, data, first_line), NOW, bulk_min=math.inf)


def _same(name: str, data: bytes, first_line: int = 1, bulk_min: float = 1) -> None:
    fast = read_feed(name, data, NOW, first_line=first_line, bulk_min=bulk_min)
    alone = _reference(name, data, first_line)
    assert fast.frame.equals(alone.frame), (fast.frame, alone.frame)
    assert fast.quarantined == alone.quarantined


def _encoded(lines: list[str], end: str = "\n") -> bytes:
    return end.join(lines).encode("utf-8", "surrogateescape")


@pytest.mark.parametrize("odd", range(len(ODD_LINES)), ids=lambda i: f"odd{i}")
def test_an_odd_line_among_plain_ones_reads_as_every_line_alone(odd):
    lines = _plain(250)
    lines.insert(120, ODD_LINES[odd])
    _same("feed.jsonl", _encoded(lines) + b"\n", bulk_min=200)


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r\r\n"], ids=["lf", "crlf", "cr-cr-lf"])
@pytest.mark.parametrize("head", [b"", b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf"], ids=["none", "bom", "two-boms"])
def test_line_ends_and_byte_order_marks_read_as_every_line_alone(end, head):
    data = head + _encoded([*_plain(30), "", "  ", *ODD_LINES, *_plain(30), ""], end)
    _same("feed.jsonl", data)
    _same("feed.jsonl", data, first_line=41)  # a later part of a file: its mark is text


def test_a_file_with_bytes_that_are_not_utf8_reads_as_every_line_alone():
    data = _encoded(_plain(50)) + b"\n" + _line().replace("Acme", "Ac\xffme").encode("latin-1") + b"\n"
    _same("feed.jsonl", data + _encoded(_plain(20)))
    _same("feed.jsonl", b"\xff\xfe" + "\n".join(_plain(5)).encode("utf-16-le"))


def test_a_file_with_a_line_too_long_to_decode_reads_as_every_line_alone():
    _same("feed.jsonl", _encoded([*_plain(250), _line(detail="x" * (4 * MAX_LINE)), *_plain(10), ""]))


@pytest.mark.parametrize("path", sorted(p for p in CORPUS.iterdir() if p.suffix in (".jsonl", ".csv")),
                         ids=lambda p: p.name)
def test_each_corpus_file_reads_as_every_line_alone(path):
    _same(path.name, path.read_bytes())


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(picks=st.lists(st.one_of(st.sampled_from(ODD_LINES), st.sampled_from(_plain(40))), min_size=1, max_size=40),
       end=st.sampled_from(["\n", "\r\n"]))
def test_any_mix_of_odd_and_plain_lines_reads_as_every_line_alone(picks, end):
    _same("feed.jsonl", _encoded(picks, end))


def test_plain_lines_are_cut_column_wise_and_odd_ones_left_to_json():
    plain = [_line(), _line(detail=None, attributes=None), json.dumps({"signal_type": "hiring"}),
             ODD_LINES[3], _line(detail="Caf\u00e9"), json.dumps(HIRING, separators=(",", ":"))]
    odd = [ODD_LINES[0], ODD_LINES[5], ODD_LINES[6], json.dumps({**HIRING, "detail": "Caf\u00e9"}),
           _line(attributes={"role": {"x": 1}}), _line(detail=5), _line() + " ", _line(gossip="x")]
    cut = plain_records(pl.Series("line", [*plain, *odd]), MAX_LINE)
    assert cut["_item"].to_list() == list(range(len(plain)))
    assert cut.row(0, named=True) == {"_item": 0, "_typed": True, "signal_id": "sig_1",
                                      "company_domain": "acme.example", "signal_type": "hiring",
                                      "detail": "Acme posted 2 openings", "observed_at": "2026-11-01T10:00:00Z",
                                      "source": "jobs-feed", "evidence_url": None,
                                      "attributes": '{"role": "Account Executive", "department": "Sales", '
                                                    '"openings": 2}'}
    assert cut["detail"].to_list()[1:5] == [None, None, "Acme posted 2 openings", "Caf\u00e9"]
    assert cut["source"][3] is None and cut["attributes"][3].startswith('{"source": "attr"')


CSV_HEADER = "signal_id,company_domain,signal_type,detail,observed_at,source,attributes"


def _csv_line(**changed) -> str:
    values = [{**HIRING, **changed}.get(key) for key in CSV_HEADER.split(",")]
    text = io.StringIO()
    csv.writer(text, lineterminator="").writerow(
        ["" if v is None else v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in values])
    return text.getvalue()


def _csv_plain(n: int) -> list[str]:
    return [_csv_line(signal_id=f"sig_{n}_{i}", company_domain=f"acme{n}x{i}.example") for i in range(n)]


ODD_CSV_LINES = [
    "", " ", ",,,,,,", " , , , , , , ", "\t,\u3000,,,,,", "\x1c,,,,,,", _csv_line()[:-40], _csv_line() + ",extra",
    _csv_line(detail='say "hi"'), _csv_line(detail="a,b"), _csv_line(detail="two\nlines"),
    _csv_line(detail="x").replace(',x,', ',"x"y,'), _csv_line(detail="x").replace(',x,', ',x"y,'),
    _csv_line(detail="x").replace(',x,', ', "x",'), _csv_line(detail="Caf\u00e9"), _csv_line(detail="Jose\u0301"),
    _csv_line(attributes={"role": "AE", "openings": 10**30}), _csv_line(attributes='{"role": "AE", "openings": NaN}'),
    _csv_line(attributes='{"role": "\\ud800"}'), _csv_line(attributes='{"role": "\\u00e9", "openings": 1}'),
    _csv_line(attributes="{nope"), _csv_line(attributes=""), _csv_line(attributes="[1]"), _csv_line(detail=""),
    _csv_line(signal_id=""), _csv_line(source=""), _csv_line(company_domain=""), _csv_line(observed_at="last Tuesday"),
    _csv_line(company_domain="WWW.Acme.example"), _csv_line(detail="  two  spaces "), _csv_line(detail="x\x7fy"),
    _csv_line(detail="back\\slash"), _csv_line(detail="a" * 200_000), '"' + _csv_line(), _csv_line() + '"',
    _csv_line(detail="x").replace(',x,', ',"x\ny",'), _csv_line(detail="\u2028"), _csv_line(detail="x\ry"),
    _csv_line(detail="nul\x00"), _csv_line(detail='""'), _csv_line(detail='"'),
]
CSV_HEADERS = [CSV_HEADER, CSV_HEADER.upper(), " " + CSV_HEADER.replace(",", " , "), CSV_HEADER + ",evidence_url",
               CSV_HEADER.replace("company_domain", "domain"), CSV_HEADER.replace("signal_type", "kind"),
               CSV_HEADER + ",detail", CSV_HEADER + ",", CSV_HEADER.replace("detail", '"detail"'),
               CSV_HEADER + ",gossip"]


@pytest.mark.parametrize("end", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("odd", range(len(ODD_CSV_LINES)), ids=lambda i: f"odd{i}")
def test_an_odd_csv_row_among_plain_ones_reads_as_every_row_alone(odd, end):
    lines = [CSV_HEADER, *_csv_plain(250)]
    lines.insert(120, ODD_CSV_LINES[odd])
    _same("feed.csv", _encoded(lines, end) + end.encode(), bulk_min=200)


@pytest.mark.parametrize("header", CSV_HEADERS)
@pytest.mark.parametrize("end", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("head", [b"", b"\xef\xbb\xbf"], ids=["none", "bom"])
def test_csv_headers_line_ends_and_marks_read_as_every_row_alone(header, end, head):
    extra = header.count(",") - CSV_HEADER.count(",")
    plain = [line + ",x" * extra for line in _csv_plain(30)]
    _same("feed.csv", head + _encoded([header, *plain, "", *plain[:3], ""], end))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(picks=st.lists(st.one_of(st.sampled_from(ODD_CSV_LINES), st.sampled_from(_csv_plain(40))), max_size=40),
       ends=st.lists(st.sampled_from(["\n", "\r\n", "\r", "\r\r\n"]), min_size=1))
def test_any_mix_of_odd_and_plain_csv_rows_and_line_ends_reads_as_every_row_alone(picks, ends):
    lines = [CSV_HEADER, *picks]
    _same("feed.csv", "".join(line + ends[at % len(ends)] for at, line in enumerate(lines)).encode(
        "utf-8", "surrogateescape"))


def test_plain_csv_rows_are_cut_column_wise_and_odd_ones_left_to_csv():
    header = CSV_HEADER.split(",")
    plain = [_csv_line(), _csv_line(detail='say "hi", then a,b', evidence_url=None), _csv_line(detail="")]
    odd = [_csv_line()[:-40], _csv_line() + ",extra", ",,,,,,", _csv_line(attributes='{"role": "\\u00e9"}')]
    cut = plain_csv_records(pl.Series("line", [*plain, *odd]), header)
    assert cut["_item"].to_list() == list(range(len(plain)))
    assert cut["detail"].to_list() == ["Acme posted 2 openings", 'say "hi", then a,b', ""]
    assert cut["evidence_url"].to_list() == [None, None, None]
    assert json.loads(cut["attributes"][0]) == HIRING["attributes"]


def _lines_read_alone(monkeypatch) -> list[int]:
    """The numbers of the lines the per-row readers of JSON Lines and CSV are given, as they are read."""
    numbers = []
    json_line, csv_row = signals._json_text_line, signals._csv_row

    def counted_json_line(number, line):
        numbers.append(number)
        return json_line(number, line)

    def counted_csv_row(header, number, values):
        numbers.append(number)
        return csv_row(header, number, values)

    monkeypatch.setattr(signals, "_json_text_line", counted_json_line)
    monkeypatch.setattr(signals, "_csv_row", counted_csv_row)
    return numbers


def test_a_plain_json_lines_file_reaches_the_per_line_reader_only_for_its_odd_line(monkeypatch):
    lines = _plain(250)
    lines.insert(120, json.dumps({**HIRING, "detail": "Caf\u00e9"}))  # an escape: read by json
    read_alone = _lines_read_alone(monkeypatch)
    read = read_feed("feed.jsonl", _encoded(lines), NOW)
    assert read.frame.height == 251
    assert read_alone == [121]


@pytest.mark.parametrize("end", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_a_plain_csv_file_reaches_the_per_row_reader_only_for_its_odd_row(monkeypatch, end):
    lines = [CSV_HEADER, *_csv_plain(250)]
    lines.insert(121, _csv_line() + ",extra")
    read_alone = _lines_read_alone(monkeypatch)
    read = read_feed("feed.csv", _encoded(lines, end), NOW)
    assert read.frame.height == 250 and len(read.quarantined) == 1
    assert read_alone == [122]


def _reordered(record: dict, order: list[int], missing: set[int]) -> str:
    """``record`` as one line with its keys in ``order`` (indices into its keys), those in ``missing``
    left out."""
    keys = list(record)
    return json.dumps({keys[i]: record[keys[i]] for i in order if i not in missing})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(orders=st.lists(st.tuples(st.permutations(range(len(HIRING))), st.sets(st.integers(0, len(HIRING) - 1),
                                                                             max_size=2)),
                       min_size=1, max_size=6),
       picks=st.lists(st.integers(0, 5), min_size=1, max_size=40))
def test_lines_in_any_mix_of_key_orders_read_as_every_line_alone(orders, picks):
    """The first line's key order is only a guess at the feed's: lines in other orders, or missing
    keys, read as they read alone."""
    lines = [_reordered({**HIRING, "signal_id": f"sig_{i}", "company_domain": f"acme{i}.example"},
                        *orders[pick % len(orders)]) for i, pick in enumerate(picks)]
    _same("feed.jsonl", _encoded(lines))


def _searches(monkeypatch) -> list[int]:
    """The index of every line searched key by key rather than cut by the feed's key order."""
    searched: list[int] = []
    search = signal_lines._searched

    def counted(frame):
        searched.extend(frame["_item"].to_list())
        return search(frame)

    monkeypatch.setattr(signal_lines, "_searched", counted)
    return searched


def test_lines_in_the_first_lines_key_order_are_cut_without_a_search_for_each_key(monkeypatch):
    searched = _searches(monkeypatch)
    lines = _plain(250)
    lines[120] = json.dumps(dict(reversed(json.loads(lines[120]).items())))
    # Bulk keys inside the attributes: the line is still in the feed's order, and they stay the attributes'.
    lines[200] = _line(signal_id="sig_200", attributes={"signal_type": "funding", "detail": "x", "source": "attr"})
    cut = plain_records(pl.Series("line", lines), MAX_LINE)
    assert searched == [120]
    assert cut["_item"].to_list() == list(range(250))
    assert cut.row(120, named=True) == {**cut.row(119, named=True), "_item": 120, "signal_id": "sig_250_120",
                                        "company_domain": "acme250x120.example"}
    assert cut.row(200, named=True) == {**cut.row(0, named=True), "_item": 200, "signal_id": "sig_200",
                                        "company_domain": "acme.example",
                                        "attributes": '{"signal_type": "funding", "detail": "x", "source": "attr"}'}


@pytest.mark.parametrize("attributes", [{"role": "AE", "source": "attr"}, {"role": "AE", "evidence_url": "x"}],
                         ids=["a key the line has", "a key the line lacks"])
def test_a_first_line_whose_attributes_name_bulk_keys_still_gives_the_feeds_order(monkeypatch, attributes):
    """Keys inside the first line's attributes are not the line's own: the feed's lines are still cut
    by its key order, none searched key by key, and read as every line alone."""
    searched = _searches(monkeypatch)
    lines = [_line(signal_id="sig_first", attributes=attributes), *_plain(250)[1:]]
    cut = plain_records(pl.Series("line", lines), MAX_LINE)
    assert searched == []
    assert cut["_item"].to_list() == list(range(250))
    assert json.loads(cut.row(0, named=True)["attributes"]) == attributes
    _same("feed.jsonl", _encoded(lines))

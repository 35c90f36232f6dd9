"""Write the broken-signal corpus and its index: `python tests/badinput/signals/make_corpus.py`.

Each kind is one file. Row kinds put the broken row between two good rows, so a test can see the
good rows of the same file go on. ``index.csv`` names each kind, its file and line, and what must
happen: a quarantine reason (a substring), ``accepted`` (recovered, e.g. a BOM) or ``duplicate``.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
NOW = "2026-11-20T09:00:00+00:00"  # the clock the corpus is read with
CSV_HEADER = "signal_id,company_domain,signal_type,detail,observed_at,source,attributes\n"


def good(n: int, **extra) -> dict:
    return {"company_domain": f"good-{n}.example", "signal_type": "hiring", "detail": f"Hiring {n}",
            "observed_at": "2026-11-10T08:00:00Z", "source": "jobs", "attributes": {"role": "RevOps Lead"},
            **extra}


def bad(**changes) -> dict:
    row = good(0)
    row.update(changes)
    return row


def jsonl(*rows) -> bytes:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows).encode()


def csv_row(row: dict) -> str:
    buffer = io.StringIO()
    values = [row.get("signal_id", ""), row["company_domain"], row["signal_type"], row["detail"],
              row["observed_at"], row["source"], json.dumps(row["attributes"])]
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue()


def csv_file(*lines: str) -> bytes:
    return (CSV_HEADER + "".join(lines)).encode()


def row_kind(n: int, broken: dict | str) -> bytes:
    """Good row, broken row (line 2), good row."""
    return jsonl(good(n), broken, good(n + 1000))


def parquet_bytes() -> bytes:
    import polars as pl

    rows = [good(90), bad(signal_type="intent", attributes={"topic": "crm", "score": "high"}), good(1090)]
    frame = pl.DataFrame([{**r, "attributes": json.dumps(r["attributes"])} for r in rows])
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    return buffer.getvalue()


def parquet_far_future(n: int) -> bytes:
    """Three rows with a timestamp column, the second's in the year 10001: Parquet and polars hold it,
    Python's datetime cannot."""
    from datetime import datetime

    import polars as pl

    rows = [good(n), good(n + 500), good(n + 1000)]
    stamps = [int(datetime.fromisoformat(r["observed_at"].replace("Z", "+00:00")).timestamp() * 1000) for r in rows]
    stamps[1] = 253_434_000_000_000
    frame = pl.DataFrame([{**r, "attributes": json.dumps(r["attributes"]), "observed_at": ms}
                          for r, ms in zip(rows, stamps, strict=True)])
    buffer = io.BytesIO()
    frame.with_columns(pl.col("observed_at").cast(pl.Datetime("ms", "UTC"))).write_parquet(buffer)
    return buffer.getvalue()


def kinds() -> list[tuple[str, str, bytes, int, str]]:
    """(kind, file, content, line, expected)."""
    funding = {"round": "Series B", "amount_usd": 20_000_000}
    k: list[tuple[str, str, bytes, int, str]] = []

    def row(kind: str, broken: dict | str, expected: str) -> None:
        n = len(k) + 1
        k.append((kind, f"{n:02d}_{kind}.jsonl", row_kind(n, broken), 2, expected))

    row("invalid_json", '{"company_domain": "acme.example", "signal_type": "hir', "invalid JSON")
    row("deep_nesting", "[" * 50_000 + "]" * 50_000, "nested too deeply")
    row("not_an_object", "[1, 2, 3]", "row is not an object")
    row("nul_byte", bad(detail="Hiring\u0000now"), "control character U+0000")
    row("bell_in_person", bad(signal_type="leadership_change", attributes={"person": "Ann\u0007", "new_role": "CRO"}),
        "control character U+0007")
    row("line_separator_in_role", bad(attributes={"role": "Head of\u2028RevOps"}), "control character U+2028")
    row("bidi_override", bad(detail="Hiring \u202egnp.exe"), "control character U+202E")
    row("string_amount", bad(signal_type="funding", attributes={"round": "Series B", "amount_usd": "lots"}),
        "amount_usd must be a number")
    row("string_score", bad(signal_type="intent", attributes={"topic": "crm", "score": "high"}),
        "score must be a number")
    row("nan_amount", '{"company_domain": "acme.example", "signal_type": "funding", "observed_at": '
        '"2026-11-10T08:00:00Z", "attributes": {"round": "Series B", "amount_usd": NaN}}', "NaN is not a number")
    row("infinite_amount", '{"company_domain": "acme.example", "signal_type": "funding", "observed_at": '
        '"2026-11-10T08:00:00Z", "attributes": {"round": "Series B", "amount_usd": 1e400}}', "not finite")
    row("negative_amount", bad(signal_type="funding", attributes={**funding, "amount_usd": -5}), "outside")
    row("implausible_amount", bad(signal_type="funding", attributes={**funding, "amount_usd": 5e15}), "outside")
    row("score_out_of_range", bad(signal_type="intent", attributes={"topic": "crm", "score": 250}), "outside 0..100")
    row("boolean_score", bad(signal_type="intent", attributes={"topic": "crm", "score": True}), "must be a number")
    row("year_one_date", bad(observed_at="0001-01-01+01:00"), "bad observed_at")
    row("future_date", bad(observed_at="2031-01-01T00:00:00Z"), "in the future")
    row("unparseable_date", bad(observed_at="last Tuesday"), "bad observed_at")
    row("missing_date", bad(observed_at=None), "bad observed_at")
    row("unknown_signal_type", bad(signal_type="press_mention"), "unknown signal_type")
    row("missing_signal_type", bad(signal_type=""), "missing signal_type")
    row("not_a_domain", bad(company_domain="NOT A DOMAIN!!"), "not a domain")
    row("ip_address_domain", bad(company_domain="192.168.0.1"), "not a domain")
    row("missing_domain", bad(company_domain=None), "missing company_domain")
    row("missing_required_attribute", bad(signal_type="funding", attributes={"amount_usd": 1_000_000}),
        "needs attribute round")
    row("attributes_not_object", bad(attributes=[1, 2]), "attributes must be an object")
    row("huge_line", bad(detail="x" * 300_000), "line longer than")
    row("long_detail", bad(detail="y" * 5000), "detail is longer than 2000")
    row("javascript_url", bad(evidence_url="javascript:alert(1)"), "not an http(s) URL")
    row("amount_without_currency", bad(signal_type="funding", attributes={"round": "A", "amount": 5_000_000}),
        "needs a currency")
    row("bad_currency", bad(signal_type="funding", attributes={"round": "A", "amount": 5, "currency": "dollars"}),
        "ISO 4217")
    row("fractional_openings", bad(attributes={"role": "AE", "openings": 2.5}), "whole number")
    row("nested_attribute_value", bad(attributes={"role": {"a": {"b": 1}}}), "role must be text")
    row("signal_id_with_newline", bad(signal_id="abc\ndef"), "signal_id contains control character")
    row("unknown_tech_change", bad(signal_type="tech_adoption", attributes={"technology": "dbt", "change": "maybe"}),
        "'added' or 'removed'")

    n = len(k) + 1
    latin = jsonl(good(n)) + json.dumps(bad(detail="Caf\u00e9"), ensure_ascii=False).encode("latin-1") + b"\n" \
        + jsonl(good(n + 1000))
    k.append(("invalid_utf8_bytes", f"{n:02d}_invalid_utf8_bytes.jsonl", latin, 2, "not valid UTF-8"))

    def csv_kind(kind: str, broken_line: str, expected: str, line: int = 3) -> None:
        n = len(k) + 1
        content = csv_file(csv_row(good(n)), broken_line, csv_row(good(n + 1000)))
        k.append((kind, f"{n:02d}_{kind}.csv", content, line, expected))

    csv_kind("csv_huge_field", f',acme.example,hiring,"{"z" * 140_000}",2026-11-10,jobs,{{}}\n', "field larger than")
    csv_kind("csv_extra_field", ',acme.example,hiring,Hiring,2026-11-10,jobs,{},surplus\n', "row has 8 fields")
    csv_kind("csv_attributes_bad_json", ',acme.example,hiring,Hiring,2026-11-10,jobs,{broken\n',
             "attributes is not valid JSON")
    csv_kind("csv_raw_nul", ',acme.example,hiring,Hir\x00ing,2026-11-10,jobs,"{""role"": ""AE""}"\n',
             "control character U+0000")
    n = len(k) + 1
    unclosed = csv_file(csv_row(good(n)), csv_row(good(n + 1000)),
                        ',acme.example,hiring,"Hiring without end,2026-11-10,jobs,{}\n')
    k.append(("csv_unbalanced_quote", f"{n:02d}_csv_unbalanced_quote.csv", unclosed, 4, "row has 4 fields"))
    n = len(k) + 1
    k.append(("csv_header_without_type", f"{n:02d}_csv_header_without_type.csv",
              b"signal_id,company_domain,detail\n1,acme.example,x\n", 1, "CSV header must include"))
    n = len(k) + 1
    k.append(("unsupported_file_type", f"{n:02d}_unsupported_file_type.xml", b"<signals/>", 0,
              "unsupported file type"))
    n = len(k) + 1
    k.append(("corrupt_parquet", f"{n:02d}_corrupt_parquet.parquet", b"PAR1 not really parquet PAR1", 0,
              "unreadable Parquet file"))
    n = len(k) + 1
    k.append(("parquet_string_score", f"{n:02d}_parquet_string_score.parquet", parquet_bytes(), 2,
              "score must be a number"))
    n = len(k) + 1
    k.append(("utf16_odd_bytes", f"{n:02d}_utf16_odd_bytes.jsonl", codecs.BOM_UTF16_LE + b"{\x00\"\x00x", 0,
              "unreadable file"))

    # Recovered, not quarantined: the rows are good once the reader handles the encoding.
    n = len(k) + 1
    k.append(("utf8_bom_csv", f"{n:02d}_utf8_bom_csv.csv", codecs.BOM_UTF8 + csv_file(csv_row(good(n))), 2,
              "accepted"))
    n = len(k) + 1
    k.append(("utf16_bom_jsonl", f"{n:02d}_utf16_bom_jsonl.jsonl",
              codecs.BOM_UTF16_LE + jsonl(good(n)).decode().encode("utf-16-le"), 1, "accepted"))
    n = len(k) + 1
    k.append(("crlf_and_url_domain", f"{n:02d}_crlf_and_url_domain.jsonl",
              jsonl(good(n, company_domain="https://WWW.Good-Url.Example./careers?x=1")).replace(b"\n", b"\r\n"),
              1, "accepted"))
    # The same event delivered by two feeds: counted once, the second time as a duplicate.
    n = len(k) + 1
    event = good(n, source="linkedin-jobs", detail="Hiring a Head of RevOps")
    k.append(("event_in_first_feed", f"{n:02d}_event_in_first_feed.jsonl", jsonl(event), 1, "accepted"))
    k.append(("same_event_second_feed", f"{n + 1:02d}_same_event_second_feed.csv",
              csv_file(csv_row({**event, "observed_at": "2026-11-10T17:30:00Z"})), 2, "duplicate"))
    # A feed quoting millions: accepted, it would fail the blocking amount rule and stop every play.
    row("amount_in_millions", bad(signal_type="funding", attributes={"round": "Seed", "amount": 0.5, "currency": "USD"}),
        "amount 0.5 outside 1..")
    # Headers csv cannot read: the whole file is quarantined, on line 1, rather than read as empty.
    n = len(k) + 1
    k.append(("csv_header_huge_field", f"{n:02d}_csv_header_huge_field.csv",
              ("x" * 140_000 + "," + CSV_HEADER).encode() + csv_row(good(n)).encode(), 1, "CSV header unreadable"))
    n = len(k) + 1
    unquoted = "".join(f"good-{n}-{i}.example,hiring,Hiring {i},2026-11-10T08:00:00Z,jobs\n" for i in range(3000))
    k.append(("csv_header_stray_quote", f"{n:02d}_csv_header_stray_quote.csv",
              ('"company_domain,signal_type,detail,observed_at,source\n' + unquoted).encode(), 1,
              "CSV header unreadable"))
    n = len(k) + 1
    k.append(("parquet_year_10001", f"{n:02d}_parquet_year_10001.parquet", parquet_far_future(n), 2,
              "unreadable value"))
    # A column named twice: which copy is meant cannot be known, so no row is read by either.
    n = len(k) + 1
    repeated = CSV_HEADER.replace("attributes\n", "company_domain\n")
    rows = "".join(csv_row(good(n + i)).replace(',"{""role"": ""RevOps Lead""}"\n', ",parent.example\n")
                   for i in range(2))
    k.append(("csv_header_repeated_column", f"{n:02d}_csv_header_repeated_column.csv", (repeated + rows).encode(),
              1, "names column company_domain twice"))
    return k


def main() -> None:
    FILES.mkdir(parents=True, exist_ok=True)
    for old in FILES.iterdir():
        old.unlink()
    with (HERE / "index.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["kind", "file", "line", "expected"])
        for kind, name, content, line, expected in kinds():
            (FILES / name).write_bytes(content)
            writer.writerow([kind, name, line, expected])


if __name__ == "__main__":
    main()

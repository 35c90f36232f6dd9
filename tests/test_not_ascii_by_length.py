"""The cheap test of an address not being ASCII (more bytes than characters) picks out the very rows that
matching a character outside ASCII does, so the escalations' marks and reads are those they were."""

import duckdb

from sdr_assets.escalation_scope import NOT_ASCII


def test_every_character_is_told_apart_as_by_matching():
    """Every code point, alone and inside an ASCII address, is not ASCII by either test or by neither."""
    con = duckdb.connect()
    differ = con.execute(
        f"with c as (select chr(i::int) as ch from range(1, 1114112) r(i) where i < 55296 or i > 57343), "
        f"s as (select ch as s from c union all select 'ann.' || ch || '@acme.example' from c) "
        f"select count(*), count(*) filter (({NOT_ASCII.format('s')}) <> regexp_matches(s, '[^\\x00-\\x7f]')), "
        f"count(*) filter ({NOT_ASCII.format('s')}) from s").fetchone()
    assert differ[1] == 0 and differ[2] == differ[0] - 2 * 127


def test_a_crlf_and_a_combining_mark():
    """Characters DuckDB may count as one grapheme are counted apart: a CRLF is ASCII, an accent combined is not."""
    con = duckdb.connect()
    rows = con.execute(f"select s, {NOT_ASCII.format('s')} from (values ('a' || chr(13) || chr(10) || 'b'), "
                       f"('e' || chr(769)), ('')) v(s)").fetchall()
    assert [flag for _, flag in rows] == [False, True, False]

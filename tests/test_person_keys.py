"""The mailbox key in SQL and in polars is the one suppression matches on (``suppression_key``)."""

import unicodedata

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdr_assets.domain.suppression import suppression_key
from sdr_assets.person_keys import person_key_sql, person_keys

SPELLINGS = [
    "jane@acme.example", "Jane+News@ACME.example", "+x@acme.example", "jane+a+b@acme.example",
    "Jane.Doe@gmail.com", "j.a.n.e.doe+x@GoogleMail.com", "jane.doe@gmail.com.example", "jane.doe@mail.gmail.com",
    "josé@bücher.example", unicodedata.normalize("NFD", "JOSÉ+x@Bücher.example"), " ann@acme.example ",
    "ann@acme.example\t", '"a b"@acme.example', "a@b@acme.example", "no address", "", "@acme.example",
    "ann@", "x\x01@acme.example", "ANN@[10.0.0.1]", "ann@acme.example.", "ann@xn--bcher-kva.example",
    "ann@XN--BCHER-KVA.EXAMPLE", "ann@localhost", "a" * 70 + "@acme.example", None,
]


@pytest.fixture(scope="module")
def con():
    with duckdb.connect() as connection:
        yield connection


def _in_sql(con: duckdb.DuckDBPyConnection, addresses: list[str | None]) -> list[str | None]:
    """The SQL key of each address, or the Python one where the SQL gives none (as the readers do)."""
    con.register("t", pl.DataFrame({"n": range(len(addresses)), "a": addresses},
                                    schema={"n": pl.Int64, "a": pl.String}))
    keyed = [k for (k,) in con.execute(f"select {person_key_sql('a')} from t order by n").fetchall()]
    return [k if k is not None or a is None else suppression_key(a) for k, a in zip(keyed, addresses, strict=True)]


def _expected(addresses: list[str | None]) -> list[str | None]:
    return [None if a is None else suppression_key(a) for a in addresses]


def test_sql_and_polars_key_every_spelling_as_suppression_does(con):
    assert _in_sql(con, SPELLINGS) == _expected(SPELLINGS)
    assert person_keys(pl.Series("contact_email", SPELLINGS)).to_list() == _expected(SPELLINGS)
    assert person_keys(pl.Series("contact_email", ["Jane.Doe+x@googlemail.com"])).to_list() == ["janedoe@gmail.com"]


def test_the_sql_keys_a_plain_address_itself(con):
    """Only what string operations key the same is left to Python: nearly every address stays in SQL."""
    plain = ["Jane.Doe+x@GoogleMail.com", "ann+x@acme.example", "ann@[10.0.0.1]", "+x@acme.example"]
    keyed = [con.execute(f"select {person_key_sql('a')} from (select ? as a)", [a]).fetchall()[0][0] for a in plain]
    assert keyed == [suppression_key(a) for a in plain]


_ASCII = st.text(st.sampled_from("aAzZ09._+-!#$%&'*/=?^`{|}~\"(),:;<>[]\\ \x7f\x00é"), max_size=12)
_DOMAINS = st.sampled_from(["gmail.com", "GoogleMail.com", "acme.example", "xn--bcher-kva.example", "a.b",
                            "acme.example.", "[1.2.3.4]", "localhost", "a..b", "-a.example", "bücher.example"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.builds(lambda local, domain: f"{local}@{domain}", _ASCII, _DOMAINS | _ASCII),
                          _ASCII, st.none()), max_size=30))
def test_sql_polars_and_python_agree_on_any_text(con, addresses):
    expected = _expected(addresses)
    assert _in_sql(con, addresses) == expected
    assert person_keys(pl.Series("contact_email", addresses, dtype=pl.String)).to_list() == expected

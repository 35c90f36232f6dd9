"""A stored classification's column set inside triage's transaction fails with its own error."""

import duckdb
import polars as pl
import pytest

from resources.tables import table_exists, transaction
from sdr_assets.replies import _set_stored


def test_an_update_that_fails_in_the_transaction_raises_its_own_error_and_leaves_no_view():
    con = duckdb.connect()
    con.execute("create table reply_classifications (message_id varchar primary key, dsn integer)")
    con.execute("insert into reply_classifications values ('m1', 0)")
    with pytest.raises(duckdb.ConversionException), transaction(con):
        _set_stored(con, "dsn", pl.String, [("m1", "not a number")])
    assert not table_exists(con, "_values")
    assert con.execute("select dsn from reply_classifications").fetchall() == [(0,)]

"""Research writes only the rows that differ from those stored, and its table ends as a whole rebuild leaves it."""
import dagster as dg
import pytest

FULL_REFRESH = {"full_refresh": True}
TABLE = "select * from research_angles order by play, company_domain, contact_email"


def _materialize(resources, instance, config: dict | None = None) -> dict:
    from sdr_assets.research import research_angles

    run_config = {"ops": {"research_angles": {"config": config}}} if config else None
    result = dg.materialize([research_angles], resources=resources, instance=instance, run_config=run_config)
    event = next(e for e in result.get_asset_materialization_events() if e.asset_key.path[-1] == "research_angles")
    return {k: v.value for k, v in event.materialization.metadata.items()}


def _rows(resources, sql: str, params: list | None = None) -> list[tuple]:
    with resources["warehouse"].connect() as con:
        return con.execute(sql, params or []).fetchall()


@pytest.mark.opening("signals_ran")
def test_research_after_one_account_changed_writes_its_rows_alone(resources, instance):
    """An account whose enriched row changed has its research rows written again and no other row is
    written; the table holds what a whole rebuild writes."""
    with resources["warehouse"].connect() as con:
        (edited,) = con.execute("select min(company_domain) from enriched_accounts where status = 'ready'").fetchone()
        con.execute("update enriched_accounts set title = 'Chief Revenue Officer' where company_domain = ?", [edited])
    others = _rows(resources, "select * from research_angles where company_domain <> ? order by play, "
                              "company_domain, contact_email", [edited])
    assert others, "the seeded world has other accounts researched"
    changed = _rows(resources, "select count(*) from enriched_accounts where company_domain = ? and "
                               "status = 'ready'", [edited])[0][0]

    merged = _materialize(resources, instance)
    assert merged["rebuilt"].startswith("in part")
    assert merged["rows_written"] == changed
    assert _rows(resources, "select * from research_angles where company_domain <> ? order by play, "
                            "company_domain, contact_email", [edited]) == others
    rows = _rows(resources, TABLE)

    _materialize(resources, instance, FULL_REFRESH)
    assert _rows(resources, TABLE) == rows


@pytest.mark.opening("signals_ran")
def test_research_rerun_on_unchanged_inputs_writes_nothing(resources, instance):
    """A rebuild on the same inputs writes no row: every row it computes is the one stored."""
    before = _rows(resources, TABLE)
    rebuilt = _materialize(resources, instance, FULL_REFRESH)
    assert rebuilt["rebuilt"] == "yes" and rebuilt["rows_written"] == 0
    assert _rows(resources, TABLE) == before

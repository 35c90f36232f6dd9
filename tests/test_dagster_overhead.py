"""The Dagster-overhead benchmark times real runs of its idle job on each storage."""

from sdr_assets.dagster_overhead import idle_job, measure


def test_the_idle_job_is_a_chain_of_steps_that_each_materialise_their_asset():
    import dagster as dg

    job = idle_job(3)
    with dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(instance=instance)
    assert result.success
    assert sorted(e.asset_key.to_user_string() for e in result.get_asset_materialization_events()) == \
        ["idle_0", "idle_1", "idle_2"]


def test_each_storage_is_timed_over_runs_that_happened(tmp_path):
    figures = measure(2, tmp_path, runs=1)
    assert figures["steps"] == 2
    assert figures["sqlite_on_disk_s"] > 0 and figures["in_memory_instance_s"] > 0
    assert figures["sqlite_in_memory_folder_s"] is None or figures["sqlite_in_memory_folder_s"] > 0
    assert not list(tmp_path.iterdir()), "the on-disk storage is removed after the runs"

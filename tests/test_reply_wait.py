"""Whose to report a send step's wait for the replies is: the replies run's, or the send step's own."""

import dagster as dg

from sdr_assets.reply_wait import replies_run_answering
from tests.memory_instance import memory_instance


@dg.asset(name="raw_replies")
def mailbox_read(context: dg.AssetExecutionContext) -> None:
    if context.run.tags.get("mailbox") == "down":
        raise dg.Failure(description="replies could not be read")


JOB = dg.define_asset_job("replies_job", selection=[mailbox_read])
DEFS = dg.Definitions(assets=[mailbox_read], jobs=[JOB])


def _run(instance: dg.DagsterInstance, mailbox: str) -> dg.ExecuteInProcessResult:
    return DEFS.resolve_job_def("replies_job").execute_in_process(instance=instance, tags={"mailbox": mailbox},
                                                                  raise_on_error=False)


def test_a_replies_run_failed_queued_or_none_decides_who_shows_the_wait():
    instance = memory_instance()
    assert replies_run_answering(instance) is None, "no replies run: nothing else shows the cause"
    failed = _run(instance, "down")
    assert replies_run_answering(instance) == f"replies_job run {failed.run_id[:8]}: failure"
    _run(instance, "up")
    assert replies_run_answering(instance) is None, "the last read succeeded: what still holds sending is news"
    launched = instance.create_run_for_job(DEFS.resolve_job_def("replies_job"))  # the sensor's, not started
    assert replies_run_answering(instance) == f"replies_job run {launched.run_id[:8]}: not started", "it reads them"

"""A reply in the local maildir that this user may not open (delivered by another account, mode 0600) is
named, as a message the IMAP server lists and does not hand over is, in `sdr status` and the replies run's
metadata (``withheld_replies``), the others read: it may ask us to stop, and a line in the run's log told
nobody. The reply sensor asks for the run that names it, as for a new message over IMAP, and for none
again while it stays named. Once it can be read it is read, and no longer named."""

import errno
import mailbox as stdlib_mailbox

from datetime import timedelta

import dagster as dg

from resources.mailbox import MaildirMailbox
from resources.settings import SendPolicy
from resources.warehouse import Warehouse
from sdr_assets.withheld_replies import withheld_replies
from sensors.replies import reply_mailbox_sensor
from tests.imap_backlog import T0, raw, run
from tests.memory_instance import memory_instance


def _read(warehouse: Warehouse, tmp_path) -> dg.ExecuteInProcessResult:
    return run(warehouse, MaildirMailbox(path=str(tmp_path / "replies")))


def _deny(monkeypatch, key: str) -> None:
    """Opening ``key``'s file fails as it does for a file another account owns (the suite may run as root)."""
    for method in ("get_bytes", "get_file"):
        real = getattr(stdlib_mailbox.Maildir, method)

        def denied(self, asked, *args, real=real, **kwargs):
            if asked == key:
                raise PermissionError(errno.EACCES, "Permission denied")
            return real(self, asked, *args, **kwargs)

        monkeypatch.setattr(stdlib_mailbox.Maildir, method, denied)


def test_a_maildir_reply_this_user_may_not_open_is_named_until_it_is_read(tmp_path, monkeypatch):
    box = stdlib_mailbox.Maildir(str(tmp_path / "replies"), create=True)
    keys = sorted(box.add(raw(n)) for n in range(1, 4))
    warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
    with monkeypatch.context() as patch:
        _deny(patch, keys[1])
        result = _read(warehouse, tmp_path)
    assert result.success
    metadata = result.asset_materializations_for_node("raw_replies")[0].metadata
    assert metadata["fetched"].value == 2
    with warehouse.connect() as con:
        named = withheld_replies(con)
    assert [w["message_key"] for w in named] == [keys[1]], "a reply this user may not open is told to nobody"
    assert metadata["withheld_messages"].value == 1 and keys[1] in metadata["withheld"].value
    again = _read(warehouse, tmp_path)  # its owner made it readable
    assert again.success and again.asset_materializations_for_node("raw_replies")[0].metadata["fetched"].value == 1
    with warehouse.connect() as con:
        assert withheld_replies(con) == []


def _triaged(warehouse: Warehouse) -> None:
    """The stored replies marked triaged, as the replies run's later steps leave them (only their ids are
    read here): the sensor asks for no batch of stored replies."""
    with warehouse.connect() as con:
        con.execute("create table if not exists reply_classifications (message_id varchar)")
        con.execute("insert into reply_classifications select message_id from raw_replies "
                    "where message_id not in (select message_id from reply_classifications)")


def _tick(warehouse: Warehouse, tmp_path) -> dg.SensorResult | dg.SkipReason:
    with memory_instance() as instance, dg.build_sensor_context(instance=instance, resources={
            "mailbox": MaildirMailbox(path=str(tmp_path / "replies")), "warehouse": warehouse,
            "policy": SendPolicy(now_override=(T0 + timedelta(minutes=1)).isoformat())}) as context:
        return reply_mailbox_sensor(context)


def test_the_reply_sensor_asks_for_the_run_that_names_a_reply_it_may_not_open_and_then_for_none(tmp_path,
                                                                                                 monkeypatch):
    box = stdlib_mailbox.Maildir(str(tmp_path / "replies"), create=True)
    box.add(raw(1))
    warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
    assert _read(warehouse, tmp_path).success
    _triaged(warehouse)
    denied = box.add(raw(2))
    with monkeypatch.context() as patch:
        _deny(patch, denied)
        asked = _tick(warehouse, tmp_path)
        assert isinstance(asked, dg.SensorResult) and len(asked.run_requests) == 1, \
            "a reply this user may not open, alone in the maildir, asks for no run: nobody is told of it"
        assert _read(warehouse, tmp_path).success
        _triaged(warehouse)
        again = _tick(warehouse, tmp_path)
    assert not getattr(again, "run_requests", None), "a reply named as not opened asks for a run on every tick"
    with warehouse.connect() as con:
        assert [w["message_key"] for w in withheld_replies(con)] == [denied]

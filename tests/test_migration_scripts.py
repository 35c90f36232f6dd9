"""An instance whose migration scripts were read once is the instance Alembic reading them anew makes."""

import dagster as dg
from alembic.script import ScriptDirectory

from tests import migration_scripts
from tests.memory_instance import memory_instance


def _stored(instance: dg.DagsterInstance) -> list[tuple]:
    """Each storage's schema and the migration it is stamped with."""
    stored = []
    for storage in (instance.run_storage, instance.event_log_storage):
        with storage._engine.connect() as con:
            schema = con.exec_driver_sql("select type, name, sql from sqlite_master order by type, name").fetchall()
            stamp = con.exec_driver_sql("select version_num from alembic_version").fetchall()
        stored.append((tuple(schema), tuple(stamp)))
    return stored


def test_instances_made_with_the_scripts_kept_are_stamped_and_laid_out_as_with_them_read_anew(monkeypatch):
    kept = [memory_instance() for _ in range(2)]  # the second one from the scripts the first read
    assert ScriptDirectory.from_config.__func__ is migration_scripts._kept_scripts and migration_scripts._kept
    monkeypatch.setattr(ScriptDirectory, "from_config", classmethod(migration_scripts.read_scripts))
    anew = memory_instance()
    heads = {row for _, rows in _stored(anew) for row in rows}
    assert len(heads) == 1 and all(next(iter(heads))), heads
    assert _stored(kept[0]) == _stored(kept[1]) == _stored(anew)

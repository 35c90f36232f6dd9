"""Dagster's migration scripts read once per process, for the instances tests make by the hundred.

Each new Dagster instance stamps its run and event storages with the newest migration, and Alembic
finds it by loading every migration script of Dagster's folder again: two thirds of what making an
in-memory instance costs. The scripts do not change while tests run, so the folder Alembic reads
(its ``ScriptDirectory``) is kept per configuration of it and handed out again; each instance is
still stamped by Alembic, in its own storages.
"""

from __future__ import annotations

from alembic.config import Config
from alembic.script import ScriptDirectory

read_scripts = ScriptDirectory.from_config.__func__  # Alembic's own, reading the folder anew
_kept: dict[tuple, ScriptDirectory] = {}


def _options(config: Config) -> tuple:
    """Everything of ``config`` that Alembic's ``from_config`` reads."""
    option, flag = config.get_alembic_option, config.get_alembic_boolean_option
    return (option("script_location"), option("file_template"), option("truncate_slug_length"), flag("sourceless"),
            option("output_encoding"), tuple(config.get_version_locations_list() or ()), option("timezone"),
            repr(config.get_hooks_list()), flag("recursive_version_locations"),
            tuple(config.get_prepend_sys_paths_list() or ()), repr(sorted(config.messaging_opts.items())))


def _kept_scripts(cls: type[ScriptDirectory], config: Config) -> ScriptDirectory:
    key = _options(config)
    if key not in _kept:
        _kept[key] = read_scripts(cls, config)
    return _kept[key]


def keep_migration_scripts() -> None:
    """From now on in this process, Alembic reads a folder of migration scripts once per configuration."""
    ScriptDirectory.from_config = classmethod(_kept_scripts)

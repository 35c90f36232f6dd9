"""A small data folder with the shipped plays, where classified replies are written as the replies
layer writes them and the real `escalations` asset, queue and hand-over run on them."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from resources.defaults import build_resources
from resources.tables import replace_rows
from sdr_assets.escalations import escalations
from sdr_assets.inbox import load_queue, record_action, with_suppressions
from sdr_assets.incremental import LayerConfig
from sdr_assets.replies import CLASSIFICATION_SCHEMA, RAW_REPLY_DDL
from tests.send_world import _body

REPO = Path(__file__).resolve().parents[1]
PLAY = "revops-hiring"
ANN = "ann@acme.example"
POSTAL_ADDRESS = "Outreach Example Ltd, 1 Test Street, Springfield"


def reply(message_id: str, text: str, label: str | None, at: datetime | None, *, kind: str = "human",
          contact: str | None = ANN, sender: str | None = ANN, play: str | None = PLAY, **fields) -> dict:
    """One row of ``reply_classifications``; ``at`` is its Date (None: none could be read)."""
    row = {k: None for k in CLASSIFICATION_SCHEMA}
    row.update(message_id=message_id, message_key=message_id, send_key="0" * 24 if contact else None, play=play,
               contact_email=contact, kind=kind, label=label, confidence=0.9, needs_review=False,
               from_addr=sender, subject="Re: Before your new RevOps lead starts", visible_text=text,
               received_at=at, simulated=False, referrals="[]", recipients="[]")
    row.update(fields)
    return row


class Desk:
    def __init__(self, root: Path):
        self.root, self._resources_at = root, {}
        shutil.copytree(REPO / "data" / "plays", root / "plays")

    def resources(self, now: datetime) -> dict:
        """The desk's resources at ``now``, built once per moment: settings and paths, which nothing the
        desk does changes. The dict is the caller's own to change."""
        at = now.isoformat()  # the setting itself: one instant in two zones is two settings
        if at not in self._resources_at:
            self._resources_at[at] = build_resources({"SDR_DATA_DIR": str(self.root), "SDR_NOW": at,
                                                      "SDR_POSTAL_ADDRESS": POSTAL_ADDRESS})
        return dict(self._resources_at[at])

    def write(self, table: str, rows: list[dict], schema: dict | None = None) -> None:
        with self.resources(datetime(2026, 11, 20, tzinfo=UTC))["warehouse"].connect() as con:
            replace_rows(con, table, pl.DataFrame(rows, schema=schema, infer_schema_length=None))

    def replies(self, rows: list[dict], fetched: dict[str, datetime] | None = None) -> None:
        """The classified replies, and when each in ``fetched`` was read from the mailbox."""
        self.write("reply_classifications", rows, CLASSIFICATION_SCHEMA)
        if fetched:
            with self.resources(datetime(2026, 11, 20, tzinfo=UTC))["warehouse"].connect() as con:
                con.execute(RAW_REPLY_DDL)
                con.executemany("insert or replace into raw_replies values (?, ?, ?, ?)",
                                [[m, m, b"", at] for m, at in fetched.items()])

    def run_escalations(self, now: datetime) -> None:
        r = self.resources(now)
        _body(escalations)(config=LayerConfig(), warehouse=r["warehouse"], model=r["model"], paths=r["paths"],
                           policy=r["policy"], escalation_policy=r["escalation_policy"])

    def queue(self, now: datetime) -> list[dict]:
        r = self.resources(now)
        with r["warehouse"].connect() as con:
            return with_suppressions(load_queue(con, now, r["escalation_policy"]), con, self.root)

    def act(self, escalation_id: str, action: str, by: str, now: datetime, **kwargs) -> dict:
        return record_action(self.resources(now)["warehouse"], escalation_id, action, by, now, **kwargs)


ASKS_TO_STOP_AT = datetime(2026, 11, 23, 9, tzinfo=UTC)


class CopiedDesk(Desk):
    """A desk on a copy of another's whole folder, its plays included; its files keep their times, as the
    warehouse recorded them."""

    def __init__(self, template: Path, into: Path) -> None:
        self.root, self._resources_at = Path(shutil.copytree(template, into)), {}


def desk_asked_to_stop(root: Path) -> Desk:
    """A desk whose one escalation is Ann's question that also asks to be taken off the list, read
    at ``ASKS_TO_STOP_AT`` and escalated an hour later."""
    desk = Desk(root)
    desk.replies([reply("<r1@acme.example>", "What is this about? Please take me off your list.", "question",
                        ASKS_TO_STOP_AT)])
    desk.run_escalations(ASKS_TO_STOP_AT.replace(hour=10))
    return desk

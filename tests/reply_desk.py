"""The escalation desk fed by real mail: raw messages classified by the real replies layer against a
send ledger written here, then the real `escalations` asset and queue (``tests/escalation_desk.py``)."""

from __future__ import annotations

import email.utils
import hashlib
from datetime import datetime

from sdr_assets.incremental import LayerConfig
from sdr_assets.replies import RAW_REPLY_DDL, reply_classifications
from sdr_assets.sends import LEDGER_DDL
from tests.escalation_desk import Desk
from tests.send_world import _body

OURS = "sam@outreach.example"


def sent(play: str, contact: str, step: int, at: datetime, subject: str) -> dict:
    """A ledger row of a message that went out, with a Message-ID of ours."""
    key = hashlib.sha256(f"{play}|{contact}|{step}".encode()).hexdigest()[:24]
    return {"send_key": key, "play": play, "play_version": "v1", "approved_by": "Dana Whitfield",
            "company_domain": contact.split("@")[1], "contact_email": contact, "mailbox": OURS, "step": step,
            "variant": "a", "signal_type": "hiring", "fit": 0.8, "subject": subject, "status": "sent",
            "message_id": f"<sdr-{key}.{hashlib.sha256(key.encode()).hexdigest()[:32]}@outreach.example>",
            "sent_at": at, "segment": "x"}


def mail(sender: str, text: str, at: datetime, in_reply_to: str | None, subject: str = "Re: hello") -> bytes:
    """A plain-text message from ``sender``, answering ``in_reply_to`` when given."""
    message_id = f"<{hashlib.sha256((sender + text + at.isoformat()).encode()).hexdigest()[:16]}@acme.example>"
    threading = f"In-Reply-To: {in_reply_to}\r\nReferences: {in_reply_to}\r\n" if in_reply_to else ""
    return (f"From: {sender}\r\nTo: {OURS}\r\nSubject: {subject}\r\nDate: {email.utils.format_datetime(at)}\r\n"
            f"Message-ID: {message_id}\r\n{threading}MIME-Version: 1.0\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n").encode()


class ReplyDesk(Desk):
    def sends(self, rows: list[dict]) -> None:
        with self.resources(rows[0]["sent_at"])["warehouse"].connect() as con:
            con.execute(LEDGER_DDL)
            con.executemany(f"insert into send_ledger ({', '.join(rows[0])}) values ({', '.join('?' * len(rows[0]))})",
                            [list(r.values()) for r in rows])

    def receive(self, raw: bytes, now: datetime) -> None:
        """``raw`` read from the mailbox at ``now``, and the replies layer run on it."""
        self.receive_together([raw], now)

    def receive_together(self, raws: list[bytes], now: datetime, *, classify: bool = True) -> None:
        """``raws`` read from the mailbox in one read at ``now``, and the replies layer run on them."""
        r = self.resources(now)
        ids = [email.message_from_bytes(raw)["Message-ID"] for raw in raws]
        with r["warehouse"].connect() as con:
            con.execute(RAW_REPLY_DDL)
            con.executemany("insert into raw_replies values (?, ?, ?, ?)",
                            [[message_id, message_id, raw, now] for message_id, raw in zip(ids, raws, strict=True)])
        if classify:
            self._classify(r, LayerConfig())

    def read_again(self, now: datetime) -> None:
        """The replies layer run with no new mail: what matched no send is matched again if the ledger moved."""
        self._classify(self.resources(now), LayerConfig())

    def receive_again(self, now: datetime) -> None:
        """The replies layer's full refresh: every stored message classified again."""
        self._classify(self.resources(now), LayerConfig(full_refresh=True))

    @staticmethod
    def _classify(r: dict, config: LayerConfig) -> None:
        _body(reply_classifications)(warehouse=r["warehouse"], model=r["model"], paths=r["paths"],
                                     policy=r["policy"], config=config)

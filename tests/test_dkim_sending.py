"""The send step and the DKIM key, through the real transports (the maildir outbox, and SMTP to a
server on 127.0.0.1): a key that cannot sign, or a signing domain DMARC would not align with the
sender's, stops the play before anything is claimed, with the reason; a key that breaks during a
batch ends it, fails the step with what was sent and the reason, and releases the messages it could
not sign: each contact is mailed once the key is fixed."""

import os
import re
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import dagster as dg
import dkim
import polars as pl
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from resources.defaults import build_resources
from resources.dkim import aligned, create_key, dns_record
from resources.mail import MaildirOutbox, MailTransport
from resources.smtp import SmtpTransport
from resources.warehouse import read_table, replace_rows
from sdr_assets.playbook import load_plays
from sdr_assets.sends import send_for_play
from tests.approving import approve
from tests.reachable import REACHABLE_OPTOUTS, service_beat
from tests.send_world import PLAY, SENDER, World, _send_context, play_yaml

sys.path.insert(0, str(Path(__file__).parent / "mail"))
from smtp_server import RecordingHandler, start_smtp_server  # noqa: E402

ADDRESSES = ["ann.lee@acme.example", "bob@other.example", "cat@third.example"]  # step 1 of each is due


@cache
def _generated_key() -> bytes:
    """One key, generated once as `sdr dkim init` generates it: these tests are about signing with a key,
    and generating a 2048-bit RSA key for each of them took a second of the file's time."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sdr.pem"
        assert create_key(path)
        return path.read_bytes()


def _create_key(path: Path) -> None:
    """The file ``create_key`` writes at ``path`` (mode 0600), holding the generated key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as fh:
        fh.write(_generated_key())


def _pem(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


BROKEN: dict[str, Callable[[bytes], bytes]] = {
    "ed25519": lambda good: _pem(ed25519.Ed25519PrivateKey.generate()),
    "ec": lambda good: _pem(ec.generate_private_key(ec.SECP256R1())),
    "truncated": lambda good: good[:len(good) // 2],
}


def _break(key: Path, move_aside: bool = False) -> None:
    """Replace the key by one that cannot sign, or move it aside as an operator rotating it would."""
    if move_aside:
        key.rename(key.with_name(key.name + ".old"))
    else:
        key.write_bytes(BROKEN["ed25519"](b""))


class Delivery:
    """Where one transport's messages arrive: the outbox's ``new/`` folder, or the SMTP server."""

    def __init__(self, kind: str, world: World, handler: RecordingHandler | None = None, port: int = 0):
        self.kind, self.world, self.handler, self.port = kind, world, handler, port

    def transport(self, **env: str) -> MailTransport:
        """The transport of the world's settings and ``env``, with the maildir's DKIM settings."""
        outbox = _resources(self.world, **env)["mail"]
        if self.kind == "maildir":
            return outbox
        return SmtpTransport(host="127.0.0.1", port=self.port, security="none", timeout_seconds=5.0,
                             dkim_key_path=outbox.dkim_key_path, dkim_selector=outbox.dkim_selector,
                             dkim_domain=outbox.dkim_domain)

    def raws(self) -> list[bytes]:
        if self.handler is not None:
            return [d["raw"] for d in self.handler.delivered]
        folder = self.world.root / "outbox" / "new"
        return [path.read_bytes() for path in sorted(folder.iterdir())] if folder.exists() else []


class KeyBreakingHandler(RecordingHandler):
    """An SMTP server that, once it has taken its first message, replaces the sender's DKIM key by one
    that cannot sign (before it answers, so before the next message is signed)."""

    key: Path | None = None
    move_aside: bool = False

    async def handle_DATA(self, server, session, envelope):
        reply = await super().handle_DATA(server, session, envelope)
        if self.key is not None:
            _break(self.key, self.move_aside)
            self.key = None
        return reply


class KeyBreakingOutbox(MaildirOutbox):
    """The local outbox; right after each delivery its DKIM key is replaced by one that cannot sign,
    or moved aside."""

    move_aside: bool = False

    def send(self, message) -> str:
        transport_id = super().send(message)
        key = Path(str(self.dkim_key_path))
        if key.exists():
            _break(key, self.move_aside)
        return transport_id


@pytest.fixture(params=["maildir", "smtp"])
def delivery(request, tmp_path):
    # Over SMTP the opt-outs go to a domain recipients reach; the sender's own domain still signs.
    over_smtp = {**REACHABLE_OPTOUTS, "SDR_DKIM_DOMAIN": "outreach.example"}
    world = World(tmp_path, ADDRESSES, over_smtp if request.param == "smtp" else None)
    world.decide("approve")
    if request.param == "maildir":
        yield Delivery("maildir", world)
        return
    service_beat(tmp_path)
    handler = KeyBreakingHandler()
    server = start_smtp_server(handler)
    try:
        yield Delivery("smtp", world, handler, server.port)
    finally:
        server.stop()


def _resources(world: World, **env: str) -> dict:
    return build_resources({"SDR_DATA_DIR": str(world.root), "SDR_NOW": world.now.isoformat(),
                            "SDR_SECRET": "property-test-secret", "SDR_SEND_LOCK_TIMEOUT": "5", **world.settings,
                            **env})


def _send(world: World, mail: MailTransport, play: str = PLAY, **env: str) -> str | None:
    """Run the play's send step once: None when it succeeded, else the description it failed with."""
    resources = _resources(world, **env)
    try:
        send_for_play(_send_context(), play, warehouse=world.warehouse, paths=resources["paths"],
                      policy=resources["policy"], mail=mail)
    except dg.Failure as exc:
        return exc.description
    return None


def _key(delivery: Delivery) -> Path:
    key = Path(str(delivery.transport().dkim_key_path))
    _create_key(key)
    return key


def _statuses(world: World) -> list[str]:
    return sorted(status for _, status, _ in world.ledger())


def _verified(raws: list[bytes], key: Path, domain: str = "outreach.example") -> bool:
    record = dns_record(key, "sdr", domain).value.encode()
    return bool(raws) and all(dkim.verify(raw, dnsfunc=lambda name, timeout=5: record) for raw in raws)


@pytest.mark.parametrize("damage", BROKEN.values(), ids=BROKEN.keys())
def test_a_key_that_cannot_sign_stops_the_play_before_anything_is_claimed(delivery, damage):
    world, key = delivery.world, _key(delivery)
    good = key.read_bytes()
    key.write_bytes(damage(good))

    why = _send(world, delivery.transport())

    assert why.startswith(f"Nothing sent. the DKIM key at {key} cannot sign: "), why
    assert "sdr dkim init" in why and "\n" not in why
    assert world.ledger() == [] and delivery.raws() == [], "nothing claimed, nothing failed, nothing sent"

    key.write_bytes(good)
    assert _send(world, delivery.transport()) is None
    assert _statuses(world) == ["sent"] * len(ADDRESSES), "each contact is mailed once the key is fixed"
    assert _verified(delivery.raws(), key) and len(delivery.raws()) == len(ADDRESSES)


def test_a_key_that_breaks_during_the_batch_fails_the_step_and_releases_what_it_could_not_sign(delivery):
    world, key = delivery.world, _key(delivery)
    good = key.read_bytes()
    mail = delivery.transport()
    if delivery.handler is not None:
        delivery.handler.key = key
    else:
        mail = KeyBreakingOutbox(**mail.model_dump())

    why = _send(world, mail)

    assert _statuses(world) == ["sent"], "the first message went out; the others were released, not failed"
    assert len(delivery.raws()) == 1
    assert why.startswith(f"Sent 1 message(s), then stopped. the DKIM key at {key} cannot sign: "), why
    assert why.endswith(f"; the {len(ADDRESSES) - 1} message(s) not sent wait for the next run."), why
    assert "sdr dkim init" in why and "\n" not in why

    why = _send(world, delivery.transport())
    assert why.startswith(f"Nothing sent. the DKIM key at {key} cannot sign: the key is Ed25519, not RSA"), why

    key.write_bytes(good)
    assert _send(world, delivery.transport()) is None
    assert _statuses(world) == ["sent"] * len(ADDRESSES)
    raws = delivery.raws()
    assert len(raws) == len(ADDRESSES) and _verified(raws, key)
    assert len({raw.split(b"\nTo: ", 1)[1].split(b"\n", 1)[0] for raw in raws}) == len(ADDRESSES), \
        "each contact once"


def test_a_key_moved_aside_during_the_batch_ends_it_and_nothing_leaves_unsigned(delivery):
    world, key = delivery.world, _key(delivery)
    mail = delivery.transport()
    if delivery.handler is not None:
        delivery.handler.key, delivery.handler.move_aside = key, True
    else:
        mail = KeyBreakingOutbox(**mail.model_dump(), move_aside=True)

    why = _send(world, mail)

    assert len(delivery.raws()) == 1 and _verified(delivery.raws(), key.with_name(key.name + ".old"))
    assert _statuses(world) == ["sent"], "the others were released, not failed"
    assert why.startswith(f"Sent 1 message(s), then stopped. the DKIM key at {key} cannot sign: the key file is "
                          "gone"), why

    key.with_name(key.name + ".old").rename(key)
    assert _send(world, delivery.transport()) is None
    raws = delivery.raws()
    assert len(raws) == len(ADDRESSES) and _verified(raws, key)


def test_a_batch_that_begins_without_a_key_sends_unsigned_whatever_an_earlier_one_did(delivery):
    world, key = delivery.world, _key(delivery)
    mail = delivery.transport()
    assert _send(world, mail) is None and _verified(delivery.raws(), key)
    key.unlink()
    world.advance(60 * 24 * 3)  # the follow-ups are due

    assert _send(world, mail) is None, "the same transport, with no key now, signs nothing"
    assert sum(b"DKIM-Signature:" not in raw for raw in delivery.raws()) == len(ADDRESSES)


def test_a_signing_domain_dmarc_would_not_align_with_the_sender_stops_the_play(delivery):
    world, key = delivery.world, _key(delivery)
    outside = {"SDR_SENDING_DOMAIN": "acme-sales.com", "SDR_DKIM_DOMAIN": "acme-sales.com"}

    why = _send(world, delivery.transport(**outside), **outside)

    assert why == (f"Nothing sent. play '{PLAY}' sends from outreach.example but DKIM signs for "
                   "acme-sales.com, which DMARC does not align with it: set SDR_DKIM_DOMAIN to "
                   "outreach.example (and publish the record `sdr dkim record` prints), or the play's "
                   "sender.email to an address at acme-sales.com")
    assert world.ledger() == [] and delivery.raws() == []

    below = {**outside, "SDR_DKIM_DOMAIN": "mail.outreach.example"}  # relaxed alignment: one domain
    assert _send(world, delivery.transport(**below), **below) is None
    assert _statuses(world) == ["sent"] * len(ADDRESSES)
    assert _verified(delivery.raws(), key, "mail.outreach.example")


def test_only_the_play_whose_sender_is_not_aligned_is_stopped(tmp_path):
    world = World(tmp_path, ADDRESSES)
    world.decide("approve")
    other = "other-play"
    (world.root / "plays" / f"{other}.yaml").write_text(
        play_yaml(0).replace(f"name: {PLAY}", f"name: {other}").replace(SENDER, "sam@acme-sales.example"),
        encoding="utf-8")
    approve(_resources(world), other, mode="live")
    mail = _resources(world)["mail"]
    _create_key(Path(str(mail.dkim_key_path)))

    why = _send(world, mail, other)

    assert why.startswith(f"Nothing sent. play '{other}' sends from acme-sales.example but DKIM signs for "
                          "outreach.example"), why
    assert _send(world, mail) is None
    assert _statuses(world) == ["sent"] * len(ADDRESSES)


def test_an_international_signing_domain_is_named_in_a_labels_and_aligns_with_either_spelling(tmp_path):
    """RFC 6376 3.5: ``d=`` names the domain in A-labels, where its DNS record is published."""
    key = tmp_path / "sdr.pem"
    _create_key(key)
    record = dns_record(key, "sdr", "Bücher.example")
    assert record.name == "sdr._domainkey.xn--bcher-kva.example"
    asked = set()

    def dns(name, timeout=5):
        asked.add(name)
        return record.value.encode() if name == record.name.encode() + b"." else None

    for spelling in ("bücher.example", "XN--BCHER-KVA.example."):  # as written, and as DNS tools print it
        raw = MaildirOutbox(path=str(tmp_path / "outbox"), dkim_key_path=str(key), dkim_domain=spelling).signed(
            b"From: Sam <sam@xn--bcher-kva.example>\r\nTo: a@b.example\r\nSubject: Hi\r\n\r\nHello.\r\n")
        assert b"d=xn--bcher-kva.example;" in raw and dkim.verify(raw, dnsfunc=dns), spelling
        assert aligned("bücher.example", spelling) and aligned("mail.xn--bcher-kva.example", spelling)
    assert asked == {record.name.encode() + b"."}
    assert not aligned("bücher.example", "bucher.example")


PLACED = {
    "a folder": lambda key: key.mkdir(),
    "a link to nothing": lambda key: key.symlink_to(key.with_name("moved.pem")),
}


@pytest.mark.parametrize("kind", PLACED)
def test_a_key_path_that_holds_no_readable_key_stops_the_play_rather_than_send_unsigned(delivery, kind):
    """Something at the key's path that is no key (a folder, a link whose key was moved) is a key gone
    wrong, not a choice to send unsigned: nothing goes out, over SMTP or to the outbox."""
    world, key = delivery.world, Path(str(delivery.transport().dkim_key_path))
    key.parent.mkdir(parents=True, exist_ok=True)
    PLACED[kind](key)

    why = _send(world, delivery.transport())

    assert why.startswith(f"Nothing sent. the DKIM key at {key} cannot sign: the key file is {kind}"), why
    assert "\n" not in why and world.ledger() == [] and delivery.raws() == []
    if key.is_dir():
        key.rmdir()
    else:
        key.unlink()
    _create_key(key)
    assert _send(world, delivery.transport()) is None
    assert _verified(delivery.raws(), key) and len(delivery.raws()) == len(ADDRESSES)


LONG_SUBJECT = "Grüße aus Zürich — " + "a subject long enough to be folded over several lines, " * 3 + "ünd so"


def test_every_message_verifies_against_the_published_record_whatever_its_text(delivery):
    """Non-ASCII subjects and bodies, headers folded over several lines, follow-ups with In-Reply-To and
    References: each message as delivered verifies with dkimpy against the record `sdr dkim record`
    prints, and both List-Unsubscribe headers are covered (RFC 8058 3.1)."""
    world, key = delivery.world, _key(delivery)
    with world.warehouse.connect() as con:
        drafts = read_table(con, "message_drafts").with_columns(
            subject=pl.when(pl.col("step") == 1).then(pl.lit(LONG_SUBJECT)).otherwise(pl.col("subject")),
            body=pl.lit("Hallo Jörg,\n\nœuvre — “quoted” 日本語, " + "a long line " * 30 + "\n\nBis bald  \n"))
        replace_rows(con, "message_drafts", drafts)
    mail = delivery.transport()
    assert _send(world, mail) is None
    world.advance(60 * 24 * 3)  # the follow-ups are due
    assert _send(world, mail) is None

    raws = delivery.raws()
    assert len(raws) == 2 * len(ADDRESSES) and _verified(raws, key)
    assert sum(b"\nIn-Reply-To: " in raw for raw in raws) == len(ADDRESSES)
    record = dns_record(key, "sdr", "outreach.example").value.encode()
    for raw in raws:
        signed = re.search(rb"\sh=([^;]+);", raw).group(1).split(b":")
        assert signed.count(b"list-unsubscribe") == signed.count(b"list-unsubscribe-post") == 2
        assert not dkim.verify(raw.replace(b"List-Unsubscribe=One-Click", b"List-Unsubscribe=Two-Click"),
                               dnsfunc=lambda name, timeout=5: record)


def test_a_sender_domain_changed_in_the_play_file_is_refused_before_anything_is_sent(tmp_path):
    """Edited to a domain the key does not sign for: first the gate stops the changed play; approved
    again, the alignment check does, in one line, until the signing domain follows."""
    world = World(tmp_path, ADDRESSES)
    world.decide("approve")
    mail = _resources(world)["mail"]
    _create_key(Path(str(mail.dkim_key_path)))
    play_file = world.root / "plays" / f"{PLAY}.yaml"
    play_file.write_text(play_yaml(0).replace(SENDER, "sam@acme-sales.example"), encoding="utf-8")

    assert "is changed since approval" in _send(world, mail)
    world.decide("approve")
    why = _send(world, mail)
    assert why.startswith(f"Nothing sent. play '{PLAY}' sends from acme-sales.example but DKIM signs for "
                          "outreach.example"), why
    assert "\n" not in why and world.ledger() == [] and not (world.root / "outbox" / "new").exists()


def test_a_sender_at_a_sibling_of_the_signing_domain_sends(tmp_path):
    """news.outreach.example and mail.outreach.example have one organisational domain: DMARC aligns them."""
    world = World(tmp_path, ADDRESSES, {"SDR_DKIM_DOMAIN": "mail.outreach.example"})
    (world.root / "plays" / f"{PLAY}.yaml").write_text(
        play_yaml(0).replace(SENDER, "sam@news.outreach.example"), encoding="utf-8")
    play = load_plays(world.root / "plays").plays[PLAY]
    with world.warehouse.connect() as con:  # the drafts of the play as it now reads
        drafts = read_table(con, "message_drafts").filter(pl.col("play_version") == world.hashes[0])
        replace_rows(con, "message_drafts", drafts.with_columns(
            play_version=pl.lit(play.version_hash), play_content=pl.lit(play.content_sha256)))
    world.decide("approve")
    mail = _resources(world)["mail"]
    key = Path(str(mail.dkim_key_path))
    _create_key(key)

    assert _send(world, mail) is None
    raws = Delivery("maildir", world).raws()
    assert len(raws) == len(ADDRESSES) and _verified(raws, key, "mail.outreach.example")
    assert all(b"d=mail.outreach.example;" in raw for raw in raws)


def test_a_public_suffix_as_the_signing_domain_stops_the_play_with_what_to_set(delivery):
    world, _ = delivery.world, _key(delivery)
    suffix = {"SDR_DKIM_DOMAIN": "co.uk"}

    why = _send(world, delivery.transport(**suffix), **suffix)

    assert why == ("Nothing sent. DKIM cannot sign: the signing domain 'co.uk' is a public suffix, not an "
                   "organisation's domain; set SDR_DKIM_DOMAIN to outreach.example (and publish the record "
                   "`sdr dkim record` prints)")
    assert world.ledger() == [] and delivery.raws() == []

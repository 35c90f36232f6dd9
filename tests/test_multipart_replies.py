"""An opt-out a contact writes anywhere in her reply's text suppresses her address, and the person
reading the conversation sees all she wrote.

The real replies layer runs on a small world (``tests/send_world.py``): Ann and Jane got the first
email, then their replies arrive in the reply mailbox. Apple Mail sends text, an inline image and
more text as parts side by side; a broken or hostile client may nest the text far down.
"""

from __future__ import annotations

import pytest

from tests.send_world import SENDER, World

ANN, JANE = "ann.lee@acme.example", "jane@acme.example"
OPT = "That is not for us. Please remove me from your mailing list and stop emailing me."
IMAGE = ('Content-Type: image/png; name="shot.png"\r\nContent-Disposition: inline; filename="shot.png"\r\n'
         "Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n")


def _text(text: str, extra: str = "") -> str:
    return f"Content-Type: text/plain; charset=us-ascii\r\n{extra}\r\n{text}\r\n"


def _reply(sender: str, in_reply_to: str | None, body: str, n: int = 1) -> bytes:
    head = f"From: <{sender}>\r\nTo: {SENDER}\r\nSubject: Re: hello\r\nMessage-ID: <mp-{n}@acme.example>\r\n"
    head += f"In-Reply-To: {in_reply_to}\r\nReferences: {in_reply_to}\r\n" if in_reply_to else ""
    return (head + "Date: Sat, 05 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n" + body).encode()


def _mixed(*parts: str) -> str:
    return ('Content-Type: multipart/mixed; boundary="Apple-Mail=_1"\r\n\r\n'
            + "".join(f"--Apple-Mail=_1\r\n{part}\r\n" for part in parts) + "--Apple-Mail=_1--\r\n")


def _nested(text: str, depth: int) -> str:
    body = f"Content-Type: text/plain\r\n\r\n{text}\r\n"
    for i in range(depth):
        body = f'Content-Type: multipart/mixed; boundary="b{i}"\r\n\r\n--b{i}\r\n' + body + f"--b{i}--\r\n"
    return body


@pytest.fixture
def world(tmp_path) -> World:
    world = World(tmp_path, [ANN, JANE])
    world.decide("approve")
    assert world.send() == "sent"
    world.advance(30)
    return world


def _sent_to(world: World, mailbox: str) -> str:
    return next(s.message_id for s in world.outbox() if s.mailbox == mailbox)


def _shown(world: World, sender: str) -> str:
    with world.warehouse.connect() as con:
        (text,) = con.execute("select visible_text from reply_classifications where from_addr = ?", [sender]).fetchone()
    return text


def test_an_opt_out_after_an_inline_image_and_one_nested_fifty_deep_suppress_their_senders(world):
    world.deliver(_reply(ANN, _sent_to(world, ANN), _mixed(_text("Here is a screenshot of what I mean:"), IMAGE,
                                                              _text(OPT))))
    world.deliver(_reply(JANE, None, _nested(OPT, 50), n=2))  # written anew, no thread headers
    world.process()
    assert world.suppressed(ANN) and world.suppressed(JANE)
    world.advance(2 * 24 * 60)
    world.send()
    assert sorted(s.mailbox for s in world.outbox()) == [ANN, JANE], "no follow-up goes to either"
    shown = _shown(world, ANN)
    assert shown.startswith("Here is a screenshot of what I mean:") and OPT in shown, "a person sees all she wrote"
    assert OPT in _shown(world, JANE)


def test_an_opt_out_only_in_an_attached_file_or_a_forwarded_original_suppresses_nobody(world):
    attached = _text(OPT, 'Content-Disposition: attachment; filename="notes.txt"\r\n')
    forwarded = f"Content-Type: message/rfc822\r\n\r\nFrom: <bob@acme.example>\r\nSubject: hi\r\n\r\n{OPT}\r\n"
    world.deliver(_reply(ANN, _sent_to(world, ANN), _mixed(_text("Notes from our call attached."), attached)))
    world.deliver(_reply(JANE, _sent_to(world, JANE), _mixed(_text("See what Bob wrote to me."), forwarded), n=2))
    world.process()
    assert world.suppressed(ANN) is None and world.suppressed(JANE) is None

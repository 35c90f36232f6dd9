"""How the real SMTP transport and the send loop weather a mail server's refusals mid-batch: a refusal
of our account ends the batch and fails no prospect, a 421 ends it and says why, drafts the server
keeps deferring leave the allowance to the rest, and an answer that trickles in times out."""

import socket
import threading
import time
from email.message import EmailMessage

import dagster as dg
import pytest

from resources.smtp import MailDeliveryError, SmtpTransport
from resources.smtp_replies import about_recipient, about_sender, defers_sender
from tests.mail.smtp_server import RecordingHandler, start_smtp_server
from tests.reachable import REACHABLE_OPTOUTS, service_beat
from tests.send_world import PLAY, World

PEOPLE = [f"p{i}@firm{i}.example" for i in range(4)]  # the world has four contacts, each at its own domain


class BlockedAccount(RecordingHandler):
    """A provider that stopped taking mail from this account: every message is refused with the
    same account-wide 5xx, at RCPT or at the end of DATA, as Gmail, Microsoft 365 and Postfix do."""

    def __init__(self, step: str, reply: str):
        super().__init__()
        self.step, self.reply, self.refused = step, reply, 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.step == "rcpt":
            self.refused += 1
            return self.reply
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)

    async def handle_DATA(self, server, session, envelope):
        self.refused += 1
        return self.reply


def _smtp(port: int) -> SmtpTransport:
    return SmtpTransport(host="127.0.0.1", port=port, security="none", timeout_seconds=2.0)


def _approved(tmp_path, people: list[str] = PEOPLE, settings: dict[str, str] = REACHABLE_OPTOUTS) -> World:
    """A world mailing ``people`` over SMTP, its play approved and the opt-out service answering."""
    world = World(tmp_path, people, settings)
    world.decide("approve")
    service_beat(tmp_path)
    return world


def _refused_then_healthy(world: World, handler: "BlockedAccount") -> tuple[str | None, list[str]]:
    """Send to a server refusing alike, then to a healthy one: (the step's failure, if any, and the
    addresses recorded ``failed`` after the refusing run)."""
    blocked = start_smtp_server(handler)
    why = None
    try:
        world.send_with(_smtp(blocked.port))
    except dg.Failure as failure:
        why = failure.description
    finally:
        blocked.stop()
    failed = [address for address, status in world.statuses().items() if status == "failed"]
    healthy = start_smtp_server(RecordingHandler())
    try:
        world.send_with(_smtp(healthy.port))
    finally:
        healthy.stop()
    assert sorted(d["rcpt_tos"][0] for d in healthy.handler.delivered) == sorted(set(PEOPLE) - set(failed))
    return why, failed


@pytest.mark.parametrize("step, reply", [
    ("data", "550 5.4.5 Daily user sending quota exceeded."),
    ("data", "554 5.2.0 STOREDRV.Submission.Exception:OutboundSpamException; account suspended"),
    ("rcpt", "554 5.7.1 Relay access denied"),
])
def test_an_account_wide_refusal_ends_the_batch_and_fails_the_step_not_the_prospects(tmp_path, step, reply):
    world = _approved(tmp_path)
    handler = BlockedAccount(step, reply)
    why, failed = _refused_then_healthy(world, handler)
    assert handler.refused == 1  # the first refusal ends the batch
    assert failed == []  # and once the account is fixed, every message goes, once
    assert why and "refused" in why and reply[4:] in why and "4 message(s) not sent wait" in why


def test_the_same_refusal_for_recipients_at_three_domains_in_a_row_is_the_accounts(tmp_path):
    world = _approved(tmp_path)
    handler = BlockedAccount("data", "550 Message refused by local policy")
    why, failed = _refused_then_healthy(world, handler)
    assert handler.refused == 3
    assert failed == []  # the first two, recorded failed, are released with the third
    assert why and "3 recipients at different domains in a row were refused alike" in why
    assert "local policy" in why


class FilteredVariant(RecordingHandler):
    """An outbound content filter that refuses, alike, only the messages to addresses starting
    "filtered": the refusal is about those messages, not the account."""

    async def handle_DATA(self, server, session, envelope):
        if envelope.rcpt_tos[0].startswith("filtered"):
            return "550 Message refused by local policy"
        return await super().handle_DATA(server, session, envelope)


def test_messages_refused_alike_in_a_streak_go_after_the_others_next_run(tmp_path):
    # The three filtered addresses are the best fits, so the first plan puts them first.
    people = [PEOPLE[0], *(f"filtered.p{i}@firm{i}.example" for i in range(1, 4))]
    world = _approved(tmp_path, people)
    server = start_smtp_server(FilteredVariant())
    try:
        for _ in range(2):
            with pytest.raises(dg.Failure, match="refused alike"):
                world.send_with(_smtp(server.port))
    finally:
        server.stop()
    # The second run tried the other draft first and sent it; the filtered three were refused again.
    assert [d["rcpt_tos"][0] for d in server.handler.delivered] == PEOPLE[:1]
    assert world.statuses() == {PEOPLE[0]: "sent"}


def test_a_recipient_the_server_does_not_know_stays_a_failure_of_that_message_alone(tmp_path):
    world = _approved(tmp_path)
    server = start_smtp_server(BlockedAccount("rcpt", "550 5.1.1 No such user here"))
    try:
        result = world.send_with(_smtp(server.port))
    finally:
        server.stop()
    assert server.handler.refused == 4
    assert set(world.statuses().values()) == {"failed"}
    assert result.metadata["failed_this_run"] == 4 and result.metadata["halted"] == ""


@pytest.mark.parametrize("code, text, sender, recipient", [
    (550, "5.4.5 Daily user sending quota exceeded.", True, False),
    (554, "5.7.1 <ann@acme.example>: Relay access denied", True, False),
    (535, "5.7.8 Authentication credentials invalid", True, False),
    (550, "5.7.60 SMTP; Client does not have permissions to send as this sender", True, False),
    (553, "5.7.1 <sam@northwind-sales.com>: Sender address rejected: not owned by user sam", True, False),
    (550, "5.1.1 No such user here", False, True),
    (550, "ann@acme.example: 550 5.1.1 No such user here", False, True),
    (552, "5.2.2 Mailbox full", False, True),
    (554, "5.7.1 <ann@acme.example>: Recipient address rejected: Access denied", False, True),
    (554, "5.6.0 Message content rejected", False, False),
    (451, "4.4.5 Daily user sending quota exceeded.", False, False),
])
def test_a_refusal_is_about_the_sender_or_a_recipient_by_its_code_and_words(code, text, sender, recipient):
    assert (about_sender(code, text), about_recipient(code, text)) == (sender, recipient)


class RateLimited(RecordingHandler):
    """Takes ``allowed`` messages, then answers every RCPT with 421 (the server closes the channel)."""

    def __init__(self, allowed: int, stage: str = "rcpt"):
        super().__init__()
        self.allowed, self.stage, self.limited = allowed, stage, 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.stage == "rcpt" and len(self.delivered) >= self.allowed:
            self.limited += 1
            return "421 4.7.0 Too many messages from this sender, closing connection"
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)

    async def handle_DATA(self, server, session, envelope):
        if self.stage == "data" and len(self.delivered) >= self.allowed:
            self.limited += 1
            return "421 4.7.28 Our system has detected an unusual rate of mail, closing connection"
        return await super().handle_DATA(server, session, envelope)


@pytest.mark.parametrize("stage", ["rcpt", "data"])
def test_a_421_rate_limit_ends_the_batch_and_says_why(tmp_path, stage):
    world = _approved(tmp_path)
    server = start_smtp_server(RateLimited(allowed=1, stage=stage))
    try:
        result = world.send_with(_smtp(server.port))
    finally:
        server.stop()
    assert len(server.handler.delivered) == 1
    assert "failed" not in world.statuses().values()  # released for the next run
    # 421 is the server closing the channel for this sender: the batch ends rather than reconnect for
    # each message only to be told the same, and the run says why.
    assert server.handler.limited == 1, f"{server.handler.limited} messages tried after the server's 421"
    assert "421" in str(result.metadata["halted"])


@pytest.mark.parametrize("code, text, account", [
    (451, "4.7.1 Rate limited: too many messages from this account, try again later", True),
    (450, "4.7.1 Sender throttled", True),
    (451, "4.4.5 Daily user sending quota exceeded.", True),
    (451, "4.7.650 The mail server [192.0.2.7] has been temporarily rate limited due to IP reputation.", True),
    (454, "4.7.1 <ann@acme.example>: Relay access denied", True),
    (450, "4.1.8 <sam@northwind-sales.com>: Sender address rejected: Domain not found", True),
    (450, "4.1.2 <ann@acme.example>: Recipient address rejected: Domain not found", False),
    (452, "4.5.3 Too many recipients", False),  # this message's recipients: the next one may pass
    (451, "4.3.0 Mailbox busy, try again later", False),
    (450, "4.7.1 <ann@acme.example>: Recipient address rejected: Greylisted, try again later", False),
    (450, "4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional "
          "messages from being delivered", False),
    (452, "4.2.2 Mailbox full", False),
    (550, "5.4.5 Daily user sending quota exceeded.", False),  # permanent: ``about_sender``'s
    # A rate limit named for one recipient or mailbox, as Postfix prefixes a policy's answer at RCPT.
    (450, "4.7.1 <bob@x.example>: Recipient address rejected: Rate limit exceeded for this recipient", False),
    (450, "Too many messages for this mailbox", False),
    (450, "4.7.1 <a@b.example>: Recipient address rejected: Rate limit reached, retry later", True),
    (450, "4.7.1 <a@b.example>: Recipient address rejected: Throttled", True),
    (450, "4.7.0 Message rate too high for this recipient", False),
    (451, "4.7.1 Rate limit exceeded for this user, try again later", False),
    (451, "4.7.1 Rate limit exceeded: too many recipients this hour", True),  # how many our account mails
])
def test_a_deferral_is_the_accounts_by_its_code_and_words(code, text, account):
    assert defers_sender(code, text) is account


class AccountDeferred(RecordingHandler):
    """Takes ``allowed`` messages, then defers every one after with the same 4xx about the account."""

    def __init__(self, allowed: int, stage: str, reply: str):
        super().__init__()
        self.allowed, self.stage, self.reply, self.deferred = allowed, stage, reply, 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.stage == "rcpt" and len(self.delivered) >= self.allowed:
            self.deferred += 1
            return self.reply
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)

    async def handle_DATA(self, server, session, envelope):
        if self.stage == "data" and len(self.delivered) >= self.allowed:
            self.deferred += 1
            return self.reply
        return await super().handle_DATA(server, session, envelope)


@pytest.mark.parametrize("stage, reply", [
    ("rcpt", "451 4.7.1 Rate limited: too many messages from this account, try again later"),
    ("data", "450 4.7.1 Sender throttled"),
])
def test_a_deferral_about_the_account_ends_the_batch_green_and_the_rest_go_next_run(tmp_path, stage, reply):
    world = _approved(tmp_path)
    server = start_smtp_server(AccountDeferred(allowed=1, stage=stage, reply=reply))
    try:
        result = world.send_with(_smtp(server.port))  # no dg.Failure: the step is green
    finally:
        server.stop()
    assert len(server.handler.delivered) == 1
    assert server.handler.deferred == 1, f"{server.handler.deferred} messages tried after the account's deferral"
    assert list(world.statuses().values()) == ["sent"], "the deferred message and the rest released"
    assert reply in str(result.metadata["halted"]) and "deferred mail from" in str(result.metadata["halted"])
    assert result.metadata["deferred_by_server_this_run"] == 0, "not counted against the message"
    healthy = start_smtp_server(RecordingHandler())
    try:
        world.send_with(_smtp(healthy.port))
    finally:
        healthy.stop()
    assert sorted(d["rcpt_tos"][0] for d in [*server.handler.delivered, *healthy.handler.delivered]) == PEOPLE


class OneRecipientLimited(RecordingHandler):
    """Defers, at RCPT, every message to addresses starting "busy" with Postfix's wording of a policy's
    rate limit for that recipient, and takes the others."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("busy"):
            self.rcpts.append(address)
            return f"450 4.7.1 <{address}>: Recipient address rejected: Rate limit exceeded for this recipient"
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)


def test_a_rate_limit_for_one_recipient_defers_that_draft_alone(tmp_path):
    people = [*PEOPLE[:3], "busy.p3@firm3.example"]  # the best fit: the plan puts it first
    world = _approved(tmp_path, people)
    server = start_smtp_server(OneRecipientLimited())
    try:
        result = world.send_with(_smtp(server.port))
    finally:
        server.stop()
    assert server.handler.rcpts[0] == people[3]
    assert sorted(d["rcpt_tos"][0] for d in server.handler.delivered) == people[:3], "the batch went on"
    assert result.metadata["deferred_by_server_this_run"] == 1
    assert str(result.metadata["halted"]) == ""


class FilteredThenBusy(FilteredVariant):
    """``FilteredVariant`` until ``busy`` is set, then a 451 at RCPT for the same addresses."""

    busy = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.busy and address.startswith("filtered"):
            self.rcpts.append(address)
            return "451 4.3.0 Mailbox busy, try again later"
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)


def test_refusals_of_a_streak_do_not_count_towards_held(tmp_path):
    from sdr_assets import send_deferrals

    people = [PEOPLE[0], *(f"filtered.p{i}@firm{i}.example" for i in range(1, 4))]
    world = _approved(tmp_path, people)
    server = start_smtp_server(FilteredThenBusy())
    try:
        for _ in range(send_deferrals.HELD_AFTER - 1):
            with pytest.raises(dg.Failure, match="refused alike"):
                world.send_with(_smtp(server.port))
        server.handler.busy = True
        result = world.send_with(_smtp(server.port))
    finally:
        server.stop()
    # Deferred once by the server itself: released, not shown "deferred by the mail server 5 times".
    assert result.metadata["deferred_by_server_this_run"] == 3
    assert result.metadata["held_by_server_this_run"] == 0
    assert world.statuses() == {PEOPLE[0]: "sent"}


class StuckOnOne(RecordingHandler):
    """Answers a 4xx worded as our account's to addresses starting "stuck", and takes the others: a
    recipient's limit whose words do not tell."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("stuck"):
            self.rcpts.append(address)
            return "451 4.7.1 Rate limited: too many messages from this account, try again later"
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)


def test_a_draft_that_met_the_accounts_4xx_goes_after_the_others_next_run(tmp_path):
    people = [PEOPLE[0], "stuck.p1@firm1.example"]  # the best fit: the plan puts it first
    world = _approved(tmp_path, people)
    server = start_smtp_server(StuckOnOne())
    try:
        runs = [world.send_with(_smtp(server.port)) for _ in range(2)]
    finally:
        server.stop()
    # The first run ends at it; the second sends the other first, then meets it again.
    assert server.handler.rcpts == [people[1], people[0], people[1]]
    assert [d["rcpt_tos"][0] for d in server.handler.delivered] == people[:1]
    assert all("deferred mail from" in str(run.metadata["halted"]) for run in runs)
    assert [run.metadata["deferred_by_server_this_run"] for run in runs] == [0, 0], "the account's, not its own"
    with world.warehouse.connect() as con:
        # Counted twice for the order, never towards held: the account's answer, not this message's.
        assert con.execute("select deferrals, by_server from send_deferrals").fetchall() == [(2, 0)]


def test_drafts_the_server_keeps_deferring_leave_the_daily_allowance_to_the_rest(tmp_path):
    # The test server answers 451 at RCPT to addresses starting "later" (a mailbox over quota, a domain
    # whose DNS fails): the two best fits here, so the first plan puts them first within the cap of two.
    people = ["p0@firm0.example", "p1@firm1.example", "later.p2@firm2.example", "later.p3@firm3.example"]
    world = _approved(tmp_path, people, {**REACHABLE_OPTOUTS, "SDR_MAILBOX_DAILY_CAP": "2"})
    server = start_smtp_server(RecordingHandler())
    try:
        runs = [world.send_with(_smtp(server.port)) for _ in range(3)]
    finally:
        server.stop()
    assert sorted(server.handler.rcpts[:2]) == people[2:]  # the first run tried the deferred pair
    assert runs[0].metadata["deferred_by_server_this_run"] == 2
    # The next run sends the other two, each once; the third has the cap used up.
    assert sorted(d["rcpt_tos"][0] for d in server.handler.delivered) == people[:2]
    assert world.statuses() == {"p0@firm0.example": "sent", "p1@firm1.example": "sent"}
    with world.warehouse.connect() as con:
        assert con.execute("select deferrals from send_deferrals order by send_key").fetchall() == [(1,), (1,)]


# A greeting that never ends, for 5 s: one continuation line each quarter second, or one line a byte at
# a time, each fifth of a second; each piece well within the client's half-second timeout.
TRICKLES = {"lines": ([b"220-still greeting, line %d\r\n" % line for line in range(20)], 0.25),
            "bytes": ([bytes([byte]) for byte in b"220 still greeting, a byte at a time"[:25]], 0.2)}


@pytest.mark.parametrize("shape", sorted(TRICKLES))
def test_a_server_that_trickles_its_answer_cannot_hold_a_send_past_its_timeout(shape):
    listener = socket.create_server(("127.0.0.1", 0))
    pieces, pause = TRICKLES[shape]

    def trickle() -> None:
        conn, _ = listener.accept()
        with conn:
            for piece in pieces:
                try:
                    conn.sendall(piece)
                except OSError:  # the client gave up
                    return
                time.sleep(pause)

    threading.Thread(target=trickle, daemon=True).start()
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "sam@northwind-sales.com", "ann@acme.example", "Hi"
    message.set_content("Hello")
    began = time.monotonic()
    try:
        with pytest.raises(MailDeliveryError):
            SmtpTransport(host="127.0.0.1", port=listener.getsockname()[1], security="none",
                          timeout_seconds=0.5).send(message)
    finally:
        listener.close()
    # The whole answer has the timeout, not each line: a tarpit cannot hold the batch (its warehouse and
    # send lock, and SIGTERM's wait for the message in flight). Here it would let go after 5 s.
    assert time.monotonic() - began < 3.0


class TakesEveryone(RecordingHandler):
    """A server whose busy mailboxes take mail again: no 451 for ``later*`` recipients."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpts.append(address)
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_a_draft_the_server_defers_on_every_run_shows_held_with_its_answer_and_still_goes_later(tmp_path, capsys):
    from rich.console import Console

    from sdr_assets import send_deferrals
    from sdr_assets.cli_summary import print_summary
    from sdr_assets.status import collect_status

    people = ["p0@firm0.example", "later.p1@firm1.example"]  # the test server answers 451 4.3.0 to later*
    world = _approved(tmp_path, people)
    server = start_smtp_server(RecordingHandler())
    try:
        for run in range(1, send_deferrals.HELD_AFTER + 1):
            result = world.send_with(_smtp(server.port))
            assert world.statuses().get(people[1]) == (None if run < send_deferrals.HELD_AFTER else "held")
    finally:
        server.stop()
    assert server.handler.rcpts.count(people[1]) == send_deferrals.HELD_AFTER, "tried on every run"
    assert result.metadata["held_by_server_this_run"] == 1
    status = collect_status(world.warehouse, world.resources["paths"], world.now, policy=world.resources["policy"])
    (held,) = status["held_by_server"]
    assert held["contact_email"] == people[1] and held["step"] == 1
    assert held["reason"] == (f"deferred by the mail server {send_deferrals.HELD_AFTER} times, tried again each run "
                              "after the others; last: transient SMTP failure 451: later.p1@firm1.example: "
                              "451 4.3.0 Mailbox busy, try again later")
    print_summary(Console(width=200), status, [])
    assert f"Held send {held['send_key']} (" in capsys.readouterr().out
    healthy = start_smtp_server(TakesEveryone())
    try:
        world.send_with(_smtp(healthy.port))
    finally:
        healthy.stop()
    assert [d["rcpt_tos"][0] for d in healthy.handler.delivered] == people[1:]
    assert world.statuses()[people[1]] == "sent"
    with world.warehouse.connect() as con:
        assert send_deferrals.held_sends(con, [PLAY]) == []

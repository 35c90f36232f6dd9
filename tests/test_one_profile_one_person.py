"""One LinkedIn profile is one person to the send plan: a contact found under two company domains
(``jane@acme.com`` and ``jane@acme.io``, the same profile) gets one first email, her sequence goes on
at the address it began at, and another play's first email to her waits while that sequence runs.
Addresses without a profile, or with other profiles, stay apart."""

from datetime import UTC, datetime, timedelta

from sdr_assets.domain.play_overlap import OTHER_PLAY, Sequence
from sdr_assets.domain.sequencing import Limits, linked_people, plan_sends, send_key
from sdr_assets.playbook import load_play
from sdr_assets.waiting_drafts import waiting_drafts
from tests.send_world import PLAY as SEND_PLAY
from tests.send_world import World

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
ROOMY = Limits(mailbox_daily_cap=1000, warmup_start=1000, warmup_increment=0, play_daily_cap=1000)
PLAY, OTHER, MAILBOX = "funding", "hiring", "sam@outreach.example"
COM, IO = "jane@acme.com", "jane@acme.io"
PROFILE = "https://www.linkedin.com/in/jane-doe/"


def _draft(email: str, step: int = 1, delay: int = 0, profile: str | None = PROFILE, play: str = PLAY) -> dict:
    return {"draft_id": f"{play}-{email}-{step}", "play": play, "contact_email": email, "step": step,
            "channel": "email", "delay_days": delay, "fit": 0.5, "company_domain": email.split("@")[1],
            "variant": "a", "signal_type": "funding", "subject": f"s{step}", "body": f"b{step}",
            "contact_name": "Jane Doe", "linkedin_url": profile}


def _sent(email: str, step: int, when: datetime, play: str = PLAY) -> dict:
    return {"send_key": send_key(play, email, step), "play": play, "contact_email": email, "step": step,
            "status": "sent", "sent_at": when, "mailbox": MAILBOX, "draft_id": f"{play}-{email}-{step}"}


def _plan(drafts, ledger=(), known=(), sending=None):
    return plan_sends(drafts, list(ledger), set(), {}, ROOMY, NOW, PLAY, MAILBOX, sending=sending or {},
                      same_person=linked_people([*drafts, *known]))


def test_two_domains_of_one_profile_get_one_first_email():
    plan = _plan([_draft(COM), _draft(IO, profile="linkedin.com/in/Jane-Doe")])
    assert len(plan.send) == 1 and len(plan.duplicates) == 1, [d["contact_email"] for d in plan.send]


def test_her_sequence_goes_on_at_the_address_it_began_at():
    ledger = [_sent(COM, 1, NOW - timedelta(days=4))]
    plan = _plan([_draft(COM, 1), _draft(COM, 2, delay=3), _draft(IO, 1), _draft(IO, 2, delay=3)], ledger)
    assert [(d["contact_email"], d["step"]) for d in plan.send] == [(COM, 2)]
    assert {d["draft_id"] for d in plan.duplicates} >= {f"{PLAY}-{IO}-1"}


def test_another_plays_first_email_waits_while_her_other_address_is_mailed():
    ledger = [_sent(COM, 1, NOW - timedelta(days=2), play=OTHER)]
    sending = {OTHER: Sequence.of([{"channel": "email", "delay_days": d} for d in (0, 3, 7)])}
    plan = _plan([_draft(IO)], ledger, known=[_draft(COM, play=OTHER)], sending=sending)
    assert plan.send == [] and plan.skipped[0]["reason"].startswith(OTHER_PLAY), plan.skipped


def test_addresses_without_a_profile_or_with_another_stay_apart():
    for other in (None, "https://www.linkedin.com/in/jane-doe-2"):
        plan = _plan([_draft(COM), _draft(IO, profile=other)])
        assert len(plan.send) == 2, other
    assert _plan([_draft(COM, profile=None), _draft(IO, profile="")]).duplicates == []


def test_strangers_a_provider_gives_one_placeholder_profile_stay_apart():
    """A provider's placeholder (``/in/null``) on two people's rows joins them only if the names agree:
    otherwise one of them would never be mailed, nor would a hold of one be another's."""
    placeholder = "https://www.linkedin.com/in/null"
    jane, sam = _draft(COM, profile=placeholder), {**_draft("sam@other.example", profile=placeholder),
                                                   "contact_name": "Sam Lee"}
    assert len(_plan([jane, sam]).send) == 2
    assert linked_people([jane, {**sam, "contact_name": None}]) == {}
    assert len(_plan([jane, {**_draft(IO, profile=placeholder), "contact_name": " jane  DOE"}]).send) == 1


def test_the_send_step_mails_one_profile_under_two_domains_once(tmp_path):
    """The real send step: her first email and her follow-up go, both to one of her addresses."""
    world = World(tmp_path, ["jane@acme.example", "jane@acme-io.example"])
    with world.warehouse.connect() as con:
        con.execute("update message_drafts set linkedin_url = ?, contact_name = ?", [PROFILE, "Jane Doe"])
    world.decide("approve")
    assert world.send() == "sent"
    world.advance(3 * 24 * 60)
    assert world.send() == "sent"
    addresses = [s.address for s in world.outbox()]
    assert len(addresses) == 2 and len(set(addresses)) == 1, addresses


def test_status_counts_her_first_email_once_and_not_after_it_went(tmp_path):
    """`sdr status`'s "first emails waiting" counts one per person: her other address's draft, which the
    send step never sends, does not wait for ever."""
    world = World(tmp_path, ["jane@acme.example", "jane@acme-io.example"])
    with world.warehouse.connect() as con:
        con.execute("update message_drafts set linkedin_url = ?, contact_name = ?", [PROFILE, "Jane Doe"])
    play = load_play(tmp_path / "plays" / f"{SEND_PLAY}.yaml")

    with world.warehouse.connect() as con:
        assert waiting_drafts(con, play, world.now)["first_emails"] == 1
    world.decide("approve")
    assert world.send() == "sent"
    with world.warehouse.connect() as con:
        assert waiting_drafts(con, play, world.now)["first_emails"] == 0

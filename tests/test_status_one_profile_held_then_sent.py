"""`sdr status` counts a person's first email as waiting only while none of her addresses got it: when one
LinkedIn profile joins two addresses and the one held while another play mailed her is not the one the
send step later mailed (the plan keeps the draft of better fit), her held row waits for nothing."""

from sdr_assets.domain.play_overlap import OTHER_PLAY
from sdr_assets.playbook import load_play
from sdr_assets.waiting_drafts import waiting_drafts
from tests.send_world import PLAY, World

PROFILE = "https://www.linkedin.com/in/jane-doe/"


def test_her_other_address_held_before_she_was_mailed_waits_for_nothing(tmp_path):
    world = World(tmp_path, ["jane@acme.example", "jane@acme-io.example"])
    with world.warehouse.connect() as con:
        con.execute("update message_drafts set linkedin_url = ?, contact_name = ?", [PROFILE, "Jane Doe"])
    world.decide("approve")
    assert world.send() == "sent"
    with world.warehouse.connect() as con:
        (sent,) = con.execute("select contact_email from send_ledger where status = 'sent'").fetchone()
        other = next(a for a in ("jane@acme.example", "jane@acme-io.example") if a != sent)
        # Her other address's first email, held in an earlier run while another play mailed her.
        con.execute("insert into send_ledger by name select * replace (? as contact_email, 'held' as status, "
                    "? as reason, ? || '|' || ? || '|1|0' as send_key) from send_ledger where status = 'sent'",
                    [other, f"{OTHER_PLAY}'hiring' mailed this person", PLAY, other])
        counts = waiting_drafts(con, load_play(tmp_path / "plays" / f"{PLAY}.yaml"), world.now)
    assert (counts["first_emails"], counts["other_play"]) == (0, 0), counts

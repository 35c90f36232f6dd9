"""A renamed play's figures are one play's, as its sends and its monitor are: the summary, the
performance table, the funnel and `sdr status` count what it sent under its former name as its own,
under the name its file gives it now, each person it mailed once.

Real send step and triage (``tests/send_world.py``); the rename as ``tests/test_renamed_play.py`` makes it."""

from sdr_assets.analytics import reply_rate_summary
from sdr_assets.incremental import LayerConfig
from sdr_assets.performance import outreach_funnel, reply_performance
from sdr_assets.status import collect_status
from tests.send_world import PLAY, _body, first_emails_sent, human_reply
from tests.test_renamed_play import NEW, _approve_new, _rename, _send_new


def test_a_renamed_play_counts_its_former_names_sends_and_people_as_its_own(tmp_path):
    world = first_emails_sent(tmp_path)
    first = world.outbox()
    _rename(world, 0)
    _approve_new(world)
    world.advance(3 * 24 * 60)
    _send_new(world)
    assert len(world.outbox()) == 8, "precondition: the renamed play sent the four follow-ups"
    world.advance(60)
    world.deliver(human_reply(first[0].address, "Yes, interested. Can we talk on Thursday?", first[0].message_id,
                              world.now))
    world.process()
    r = world.resources
    with world.warehouse.connect() as con:  # the funnel's plays: both names, as the decisions left them
        con.execute("create table play_versions as select unnest([?, ?]) as play", [PLAY, NEW])
    for asset in (reply_rate_summary, reply_performance, outreach_funnel):
        _body(asset)(config=LayerConfig(), warehouse=r["warehouse"], paths=r["paths"])
    with world.warehouse.connect() as con:
        summary = con.execute("select play, emails_sent, contacts, human_replies from reply_rate_summary "
                              "order by play").fetchall()
        funnel = con.execute("select play, sum(contacts_emailed)::int, sum(contacts_replied)::int "
                             "from outreach_funnel group by play order by play").fetchall()
        perf = con.execute("select play, sum(sent)::int, sum(contacts)::int, sum(contacts_replied)::int "
                           "from reply_performance group by play order by play").fetchall()
    status = collect_status(world.warehouse, r["paths"])["sends_by_play"]
    assert summary == [(NEW, 8, 4, 1)], f"the summary splits the play across its names: {summary}"
    assert perf == [(NEW, 8, 4, 1)], f"reply_performance splits the play across its names: {perf}"
    assert funnel == [(NEW, 4, 1)], f"the funnel splits the play across its names: {funnel}"
    assert {p: c["sent"] for p, c in status.items()} == {NEW: 8}, f"`sdr status` splits the play: {status.keys()}"

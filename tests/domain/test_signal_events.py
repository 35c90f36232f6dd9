"""The events of an occurrence key as rows join them: which event a row reports."""

from datetime import UTC, datetime, timedelta

from sdr_assets.domain.signal_events import Events

POSTING = "acme.com\x1fhiring\x1fposting\x1furl\x1fhttps://acme.com/careers"
FUNDING = "acme.com\x1ffunding\x1f2026-03-02\x1fseries a\x1f5000000\x1fusd"
T0 = datetime(2026, 3, 2, tzinfo=UTC)


def test_a_careers_page_vendor_s_reposts_each_join_their_own_role_s_event():
    events = Events()
    for week in range(3):
        for role in range(50):
            at = T0 + timedelta(days=7 * week)
            other = events.find(POSTING, "vendor", f"role {role}", at)
            assert other == (f"r{role}" if week else None)
            events.add(POSTING, other or f"r{role}", "vendor", f"role {role}", at)


def test_another_source_joins_the_first_event_in_its_window_whatever_its_role():
    events = Events()
    events.add(POSTING, "old", "vendor", "engineer", T0)
    events.add(POSTING, "new", "vendor", "designer", T0 + timedelta(days=60))
    assert events.find(POSTING, "other", "chef", T0 + timedelta(days=45)) == "new"
    assert events.find(POSTING, "other", "chef", T0 + timedelta(days=20)) == "old"
    events.add(POSTING, "old", "other", "chef", T0 + timedelta(days=20))
    assert events.find(POSTING, "other", "baker", T0 + timedelta(days=20)) is None  # its source named a chef
    assert events.find(POSTING, "other", "chef", T0 + timedelta(days=45)) == "old"  # the window slid


def test_an_event_whose_source_names_two_roles_takes_no_more_of_that_source():
    events = Events()
    events.add(POSTING, "kept", "vendor", "engineer", T0)
    events.add(POSTING, "kept", "vendor", "designer", T0)  # a report merged under older rules
    assert events.find(POSTING, "vendor", "engineer", T0) is None
    assert events.find(POSTING, "other", "engineer", T0) == "kept"


def test_an_event_other_than_a_posting_takes_only_other_sources_and_never_its_own_id():
    events = Events()
    events.add(FUNDING, "a1", "alpha", "", T0)
    events.add(FUNDING, "b1", "beta", "", T0)
    assert events.find(FUNDING, "alpha", "", T0) == "b1"
    assert events.find(FUNDING, "beta", "", T0) == "a1"
    assert events.find(FUNDING, "gamma", "", T0, skip="a1") == "b1"
    assert events.find("acme.com\x1ffunding\x1f2026-03-03\x1fx", "gamma", "", T0) is None


def test_a_key_s_one_row_is_judged_as_an_event_of_many_is():
    events = Events()
    events.add(POSTING, "kept", "vendor", "engineer", T0)
    assert events.find(POSTING, "vendor", "designer", T0) is None
    assert events.find(POSTING, "vendor", "engineer", T0 + timedelta(days=31)) is None
    assert events.find(POSTING, "vendor", "engineer", T0 + timedelta(days=30)) == "kept"
    assert events.find(POSTING, "other", "designer", T0, skip="kept") is None
    events.add(FUNDING, "a1", "alpha", "", T0)
    assert events.find(FUNDING, "alpha", "", T0) is None and events.find(FUNDING, "beta", "", T0) == "a1"

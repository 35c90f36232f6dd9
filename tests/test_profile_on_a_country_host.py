"""One LinkedIn profile written under a country's host ('uk.linkedin.com/in/ann-lee-4b2') by one provider
and under 'www.linkedin.com' by another is one profile: it joins her two addresses into one person, so her
unsubscribe at one stops the other and she gets one thread. Before, the two spellings were two profiles,
which also made her name at the account join nobody (a name found with two profiles reads as namesakes)."""

from __future__ import annotations

from sdr_assets.domain.sequencing import profile_key
from sdr_assets.shared_profiles import OPTED_OUT_ELSEWHERE, people, suppressed_people
from tests.test_name_spelled_with_or_without_accents import _warehouse

OLD, NEW = "ann@acme.example", "a.lee@acme.example"


def test_a_country_host_names_the_same_profile():
    assert profile_key("https://uk.linkedin.com/in/ann-lee-4b2") == profile_key("http://linkedin.com/in/ann-lee-4b2/")
    assert profile_key("https://uk.linkedin.example/in/ann-lee") != profile_key("https://linkedin.example/in/ann-lee")


def test_her_unsubscribe_at_one_spelling_stops_her_address_under_the_other():
    con = _warehouse([(OLD, "https://uk.linkedin.com/in/ann-lee-4b2", "Ann Lee"),
                      (NEW, "https://www.linkedin.com/in/ann-lee-4b2/", "Ann Lee")], NEW)
    joined = people(con)
    assert joined.threads == {OLD: NEW, NEW: NEW}
    why = suppressed_people(joined.opt_outs, lambda a: "unsubscribed" if a == OLD else None, lambda a: a == OLD)
    assert why(NEW) == OPTED_OUT_ELSEWHERE

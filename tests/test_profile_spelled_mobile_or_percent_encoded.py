"""One LinkedIn profile that one provider writes under the mobile host ('m.linkedin.com/in/...') or with its
name percent-encoded ('/in/j%C3%BCrgen-m%C3%BCller-4b2', as LinkedIn's own links spell a name with an
umlaut) and another under 'www.linkedin.com' with the letters themselves is one profile: it joins her two
addresses into one person, so her unsubscribe at one stops the other and she gets one thread. Before, the
two spellings were two profiles, which also made her name at the account join nobody (a name found with
two profiles reads as namesakes). A broken escape is left as written and names no one else."""

from __future__ import annotations

import pytest

from sdr_assets.domain.sequencing import profile_key
from sdr_assets.shared_profiles import OPTED_OUT_ELSEWHERE, people, suppressed_people
from tests.test_name_spelled_with_or_without_accents import _warehouse

OLD, NEW = "juergen@acme.example", "j.mueller@acme.example"


def test_the_mobile_host_and_an_escaped_name_name_the_same_profile():
    assert profile_key("https://m.linkedin.com/in/ann-lee-4b2/") == profile_key("https://www.linkedin.com/in/ann-lee-4b2")
    assert profile_key("https://www.linkedin.com/in/J%C3%BCrgen-M%C3%BCller-4b2") == profile_key(
        "https://de.linkedin.com/in/jürgen-müller-4b2/")
    assert profile_key("https://www.linkedin.com/in/ann-%c3") == "linkedin.com/in/ann-%c3"


@pytest.mark.parametrize(("before", "after"), [
    ("https://www.linkedin.com/in/j%C3%BCrgen-m%C3%BCller-4b2", "https://www.linkedin.com/in/jürgen-müller-4b2/"),
    ("https://m.linkedin.com/in/jurgen-muller-4b2", "https://www.linkedin.com/in/jurgen-muller-4b2")],
    ids=["escaped", "mobile"])
def test_her_unsubscribe_at_one_spelling_stops_her_address_under_the_other(before, after):
    joined = people(_warehouse([(OLD, before, "Jürgen Müller"), (NEW, after, "Jürgen Müller")], NEW))
    assert joined.threads == {OLD: NEW, NEW: NEW}
    why = suppressed_people(joined.opt_outs, lambda a: "unsubscribed" if a == OLD else None, lambda a: a == OLD)
    assert why(NEW) == OPTED_OUT_ELSEWHERE


def test_a_broken_escape_in_a_stored_profile_reads_without_error():
    joined = people(_warehouse([(OLD, "https://www.linkedin.com/in/ann-%c3", "Ann Lee"),
                                (NEW, "https://www.linkedin.com/in/ann-%c3", "Ann Lee")], NEW))
    assert joined.threads == {OLD: NEW, NEW: NEW}

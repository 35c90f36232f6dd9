"""Property: every spelling of a suppressed mailbox is refused, and no other mailbox is.

Spellings vary case, surrounding whitespace, NFC/NFD, the punycode or Unicode domain and the plus
tag. ``SDR_PROPERTY_EXAMPLES`` scales the number of generated cases (default 200).
"""

import os
import unicodedata
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from sdr_assets.domain.suppression import ADD, Event, Suppressions, active_entries, canonical_target, covering

EXAMPLES = int(os.environ.get("SDR_PROPERTY_EXAMPLES", "200"))
LOCALS = ["josé", "jane", "zoë.o", "ana-maría", "li"]
DOMAINS = [("bücher.example", "xn--bcher-kva.example"), ("acme.example", "acme.example"),
           ("müller.co.example", "xn--mller-kva.co.example")]


@st.composite
def spelling(draw, local: str, domain: tuple[str, str]) -> str:
    name = draw(st.sampled_from([local, local.upper(), local.title()]))
    tag = draw(st.sampled_from(["", "+news", "+x1"]))
    host = draw(st.sampled_from([domain[0], domain[1], domain[0].upper(), domain[1].upper()]))
    text = draw(st.sampled_from([" ", "", "\t"])) + f"{name}{tag}@{host}" + draw(st.sampled_from(["", " "]))
    return unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), text)


@st.composite
def case(draw):
    local, other_local = draw(st.sampled_from(LOCALS)), draw(st.sampled_from(LOCALS))
    domain, other_domain = draw(st.sampled_from(DOMAINS)), draw(st.sampled_from(DOMAINS))
    return (draw(spelling(local, domain)), draw(spelling(local, domain)),
            draw(spelling(other_local, other_domain)), (local, domain[1]) == (other_local, other_domain[1]))


@settings(max_examples=EXAMPLES, deadline=None)
@given(case())
def test_every_spelling_of_an_opted_out_mailbox_is_refused_and_no_other(example):
    recorded, asked, other, same_mailbox = example
    event = Event("e1", canonical_target(recorded), ADD, "unsubscribe_link", None, "recipient", "",
                  datetime(2026, 11, 20, tzinfo=UTC))
    suppressions = Suppressions(active_entries([event]))
    assert suppressions.reason_for(asked) == "unsubscribe_link"
    assert (suppressions.reason_for(other) is not None) == same_mailbox


@settings(max_examples=EXAMPLES, deadline=None)
@given(case(), st.booleans())
def test_the_entries_covering_an_address_are_those_that_refuse_it(example, whole_domain):
    """The CRM hand-over notes the entries ``covering`` finds: exactly those that stop the mail."""
    recorded, asked, other, _ = example
    target = canonical_target(recorded)
    target = "@" + target.rpartition("@")[2] if whole_domain else target
    entries = active_entries([Event("e1", target, ADD, "manual", None, "Dana", "", datetime(2026, 11, 20, tzinfo=UTC))])
    suppressions = Suppressions(entries)
    covered = covering([asked, other], entries)
    assert set(covered) == {a for a in (asked, other) if suppressions.reason_for(a)}
    assert all([e.target for e in found] == [target] for found in covered.values())


def test_a_domain_entry_written_in_any_form_covers_its_addresses():
    """Entries a person wrote into the table by hand are not always canonical: the domain counts all the same."""
    at = datetime(2026, 11, 20, tzinfo=UTC)
    events = [Event(f"hand:{i}", target, ADD, "manual", None, "Dana", "", at)
              for i, target in enumerate(["@Acme.Example", "@bücher.example", "@ FJORD.example "])]
    suppressions = Suppressions(active_entries(events))
    assert suppressions.reason_for("ann.lee@acme.example") == "manual (domain @acme.example)"
    assert suppressions.reason_for("josé@xn--bcher-kva.example") == "manual (domain @xn--bcher-kva.example)"
    assert suppressions.reason_for("x@sub.fjord.example") == "manual (domain @fjord.example)"
    assert suppressions.reason_for("ann@acme.example.org") is None
    covered = covering(["x@sub.fjord.example", "ann@acme.example.org", "ann@ACME.example"], active_entries(events))
    assert sorted(covered) == ["ann@ACME.example", "x@sub.fjord.example"]

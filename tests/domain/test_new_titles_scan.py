"""A title called new is looked for only where "new" stands, with the answers of a search of the whole text."""

import pytest

from sdr_assets.domain import new_titles
from sdr_assets.domain.new_titles import new_title_reasons

TEXTS = [
    "New COO at Acme Robotics.",
    "Hi Dana,\n\nAnother new COO, then a new VP Sales: congrats to your new CTO.",
    "Acme has a new COO.\nAcme has\ta  new Chief Operating Officer.",
    "Renew the VP's dashboards; anew COO; the news about the VP; new dashboards the VP reads.",
    "NEW\tCTO at Acme. every new VP Sales, each new CFO, any new COO, an new Head of Sales.",
    "Congrats on landing a new COO! There's a new VP Sales too.",
    "newnew COO and new new VP Sales",
    "A note\n\nHi Dana, no title here, only news and renewals.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_claim_tried_where_new_stands_is_the_whole_texts_first(text):
    found = new_titles._first_claim(text)
    searched = new_titles._CLAIM.search(text)
    assert (found and (found.span(), found.groupdict())) == (searched and (searched.span(), searched.groupdict()))
    if new_titles._A_NEW.search(text) is None:
        assert new_titles._OWNED.search(text) is None


class _Spy:
    """A pattern that records which of its methods were called."""

    def __init__(self, pattern, calls: list[str]):
        self._pattern, self._calls = pattern, calls

    def __getattr__(self, name: str):
        self._calls.append(name)
        return getattr(self._pattern, name)


def test_a_text_with_new_but_no_title_is_not_searched_whole(monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(new_titles, "_CLAIM", _Spy(new_titles._CLAIM, calls))
    monkeypatch.setattr(new_titles, "_OWNED", _Spy(new_titles._OWNED, calls))
    text = "A note\n\nHi Dana,\n\nThe news from the new office: " + "routing reviewed each quarter. " * 40
    assert new_title_reasons(text, "Acme Robotics opened an office.") == []
    assert calls == ["match"]  # once, at the one "new" followed by a word; "a new" is nowhere


def test_the_peoples_names_are_worked_out_only_for_a_text_that_says_new(monkeypatch):
    from sdr_assets.domain import verifier
    from sdr_assets.domain.drafting import DraftRequest
    from sdr_assets.domain.facts import Fact

    asked: list[object] = []
    monkeypatch.setattr(verifier, "people_named", lambda fields: asked.append(fields) or ())
    facts = tuple(Fact(f"t.{k}", k, v, "text", "t") for k, v in {"first_name": "Dana", "company_name": "Acme"}.items())
    request = DraftRequest("p", "a", "A note for {company_name}", "Hi {first_name},\n\nWorth a call?\n", facts)
    subject, body = request.rendered()
    verifier.verify_draft(subject, body, request.grounds(), first_touch=True, bounds=verifier.Bounds(),
                          roles=request.roles())
    assert asked == []
    verifier.verify_draft(subject, body.replace("Worth", "Your new COO might find it worth"), request.grounds(),
                          first_touch=True, bounds=verifier.Bounds(), roles=request.roles())
    assert len(asked) == 1

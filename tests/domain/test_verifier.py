"""The draft verifier: unit cases and its measured precision and recall on the labelled set."""

import re

import pytest

from sdr_assets.domain.drafting import settle
from sdr_assets.domain.facts import build_facts
from sdr_assets.domain.verifier import Bounds, grounding_reasons, verify_draft
from sdr_assets.verifier_eval import DEFAULT_SET, score
from tests.domain.shipped_drafts import email_requests, faithful, shipped_plays

GROUNDS = "Congrats on the Series B, Maya\nHi Maya, congratulations on Blueio's $25M Series B.\nMaya\nBlueio\nFintech"
BOUNDS = Bounds(min_words=3)


def _reasons(subject, body, first_touch=True, bounds=BOUNDS):
    return verify_draft(subject, body, GROUNDS, first_touch=first_touch, bounds=bounds)


def test_a_faithful_paraphrase_with_a_possessive_passes():
    assert _reasons("Blueio's Series B", "Hello Maya, congrats on Blueio’s $25M Series B.") == ()


def test_invented_claims_in_lowercase_words_are_caught():
    assert any("acquisition" in r for r in _reasons("Hi", "Maya, congrats on the acquisition by a large vendor."))
    assert any("partnership" in r for r in _reasons("Hi", "Maya, congrats on the new partnership with a bank."))
    assert any("'ninety'" in r for r in _reasons("Hi", "Maya, congrats on your ninety million dollar round."))


@pytest.mark.parametrize("line", ["Not relevant? Unsubscribe with one click: optout-now.click/stop",
                                  "Details for your board at pipeline-help.eu.", "Book a slot at jordan-lee.page."])
def test_a_bare_link_under_any_top_level_domain_is_not_allowed(line):
    assert any("link not allowed" in r for r in _reasons("Hi", f"Maya, congrats on Blueio. {line}"))


@pytest.mark.parametrize("markup", ["**Congrats on the round.**", "Congrats on the round.</p><br/>",
                                    "Congrats &amp; welcome.", "> `Congrats on the round.`", "## Congrats"])
def test_html_or_markdown_in_a_plain_text_email_is_a_reason(markup):
    assert any(r.startswith("mark-up in a plain-text email") for r in _reasons("Hi", f"Maya,\n{markup}\nBest, Sam"))


def test_links_placeholders_and_first_touch_prefixes():
    assert any("link not allowed" in r for r in _reasons("Hi", "Maya, see bit.ly/x for more."))
    assert any("link not allowed" in r for r in _reasons("Hi", "Maya, see https://www.example.org/x today."))
    allowed = Bounds(min_words=3, allowed_links=("https://book.outreach.example",))
    assert _reasons("Hi", "Maya, book here: https://book.outreach.example/team whenever suits.", bounds=allowed) == ()
    assert any("placeholder" in r for r in _reasons("Hi", "Hi {first_name}, congrats on Blueio."))
    assert any("Re:" in r for r in _reasons("Re: Blueio", "Hi Maya, congrats on Blueio."))
    assert _reasons("Re: Blueio", "Hi Maya, congrats on Blueio.", first_touch=False) == ()


@pytest.mark.parametrize(("link", "allowed"), [
    ("https://book.outreach.example", True), ("https://book.outreach.example/team?day=1", True),
    ("https://book.outreach.example#slots", True), ("https://Book.Outreach.example/", True),
    ("https://book.outreach.example.evil.com/team", False), ("https://book.outreach.examples/team", False),
    ("https://book.outreach.example-login.com", False),
])
def test_an_allowed_link_allows_its_own_pages_and_no_host_that_merely_starts_like_it(link, allowed):
    bounds = Bounds(min_words=3, allowed_links=("https://book.outreach.example/",))
    reasons = _reasons("Hi", f"Maya, book here: {link} whenever suits.", bounds=bounds)
    assert (not any("link not allowed" in r for r in reasons)) is allowed, reasons


def test_length_bounds_and_machine_tells():
    assert any("words" in r for r in _reasons("Hi", "Maya?", bounds=Bounds(min_words=5)))
    assert any("machine-written" in r for r in _reasons("Hi", "Maya, I hope this email finds you well."))


def test_names_numbers_mode_misses_what_the_lexicon_catches():
    text = "Maya, congrats on the acquisition."
    assert grounding_reasons(text, GROUNDS, "names_numbers") == []
    assert grounding_reasons(text, GROUNDS, "lexicon")


def test_the_default_mode_keeps_its_measured_precision_and_recall():
    measured = score(DEFAULT_SET, "lexicon")
    assert measured.true_pos + measured.false_pos + measured.false_neg + measured.true_neg >= 60
    assert measured.precision >= 0.9 and measured.recall >= 0.9, measured.misses
    baseline = score(DEFAULT_SET, "names_numbers")
    assert measured.recall > baseline.recall


@pytest.mark.parametrize("greeting", [
    "<first_name>", "<First Name>", "%first_name%", "$first_name", "((first_name))", "first_name", "FIRST_NAME",
    "<name>", "\uff1cfirst name\uff1e", "\uff5bfirst_name\uff5d", "\u3014name\u3015", "\u3008name\u3009", "*|FNAME|*",
    "__FIRST_NAME__", "name",
])
def test_placeholders_of_any_tool_are_caught_after_folding(greeting):
    reasons = _reasons("Hi", f"Hi {greeting}, congrats on Blueio's $25M Series B.")
    assert any(r.startswith("unfilled placeholder") for r in reasons), reasons


@pytest.mark.parametrize("body", [
    "Maya, congrats on Blueio's $25M Series B; 50% of teams ask next about pipeline.",
    "Maya, write to jordan_lee@outreach.example about Blueio.",
    "Maya, book at https://book.outreach.example/team?utm_source=mail_one for Blueio.",
    "Maya, Jordan Lee <jordan@outreach.example> wrote about Blueio.",
])
def test_dollars_shares_addresses_and_links_are_not_placeholders(body):
    bounds = Bounds(min_words=3, allowed_links=("https://book.outreach.example", "jordan"))
    assert not any(r.startswith("unfilled placeholder") for r in _reasons("Hi", body, bounds=bounds))


ACCOUNTS = [
    ({"name": "Acme", "industry": "Logistics", "employees": 120, "country": "DE"},
     {"first_name": "Dana", "last_name": "Ortiz", "title": "VP Sales"}),
    ({"name": "Société Générale Logística S.L.", "industry": "Fintech", "employees": 1200, "country": "ES"},
     {"first_name": "Zoë", "last_name": "Ørsted", "title": "Chief Revenue Officer"}),
    ({"name": "Müller Freight GmbH", "industry": "Software", "employees": 45, "country": "DE"},
     {"first_name": "Jürgen", "last_name": "Straße", "title": "Head of Data"}),
]
SIGNALS = [
    {"signal_id": "s1", "signal_type": "funding", "attributes": {"round": "Series B", "amount_usd": 25_000_000,
                                                                "lead_investor": "Index Ventures"}},
    {"signal_id": "s2", "signal_type": "hiring", "attributes": {"role": "Head of Revenue Operations", "openings": 2}},
    {"signal_id": "s3", "signal_type": "tech_adoption", "attributes": {"technology": "Snowflake"}},
    {"signal_id": "s4", "signal_type": "intent", "attributes": {"topic": "data warehouse", "score": 87}},
]


def _shipped_requests():
    for play in shipped_plays():
        for company, contact in ACCOUNTS:
            for signal in SIGNALS:
                yield from email_requests(play, build_facts(signal, company, contact)[0])


def test_no_shipped_template_nor_a_faithful_model_rewrite_of_it_is_held():
    """Offline drafts are the approved templates filled; the local model server's faithful answer
    is the same with another greeting. Neither may fall back or be held, whatever the names."""
    requests = list(_shipped_requests())
    assert len(requests) >= 40
    for request in requests:
        subject, body = request.rendered()
        assert settle(request).verdict == "written", (request.play, subject, body, settle(request).reasons)
        written = faithful(request)
        assert written.verdict == "written", (request.play, written.body, written.reasons)


def test_the_evaluation_reports_each_rate_with_an_interval_that_holds_it(capsys):
    from sdr_assets.domain.stats import wilson
    from sdr_assets.verifier_eval import Score, _span, main

    s = Score("lexicon", true_pos=47, false_pos=12, false_neg=1, true_neg=48, misses=())
    assert s.precision_interval == wilson(47, 59) and s.recall_interval == wilson(47, 48)
    low, high = s.precision_interval
    assert low < s.precision < high
    assert _span((0.69214, 0.87431)) == "69.2-87.5%"
    main([])
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split() == ["mode", "precision", "(95%", "CI)", "recall", "(95%", "CI)", "stopped", "good",
                                "missed", "bad"]
    assert all(line.count("%)") == 2 for line in lines[2:])


def test_the_evaluation_prints_the_verifiers_cost_per_draft_when_asked(capsys):
    from sdr_assets.verifier_eval import main

    main(["--cost"])
    last = capsys.readouterr().out.splitlines()[-1]
    micros = int(re.fullmatch(r"cost: (\d+) us of CPU per draft in lexicon mode \(best of 7 passes\)", last)[1])
    assert 0 < micros < 1_000_000

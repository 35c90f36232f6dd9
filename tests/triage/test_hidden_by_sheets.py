"""Html a ``<style>`` sheet hides (``.preheader{display:none}``) is hidden as html its own style hides: its
"unsubscribe" beside "Yes, let's talk" sends the reply to a person, never closed; its "Yes I'm interested"
is not shown as hers. Only what every screen hides is hidden, and a rule this reading cannot follow hides
nothing, so that her words are never lost."""

import re
from pathlib import Path

import pytest

from sdr_assets.triage import classify_message, style_sheets
from sdr_assets.triage.hidden_html import split_hidden
from sdr_assets.triage.result import MAY_ASK_TO_STOP
from sdr_assets.triage.style_sheets import StyleSheets

from .test_hidden_html import _base64, _html

SHEETS = Path(__file__).resolve().parents[1] / "fixtures" / "hidden_by_sheets"
INTEREST = "<p>Yes, let's talk Thursday at 3pm.</p>"


@pytest.mark.parametrize("sheet, element", [
    (".preheader{display:none}", '<div class="preheader">{}</div>'),
    ("#x{visibility:hidden;}", '<span id="x">{}</span>'),
    (".a, .b {display: none !important}", '<div class="c b">{}</div>'),
    ("div.hide { opacity: 0 }", '<div class="hide">{}</div>'),
    ("td#cell{mso-hide:all}", '<table><tr><td id="cell">{}</td></tr></table>'),
    ("SPAN { display:none }", "<span>{}</span>"),
    ("@media screen { .pre { display:none } }", '<div class="pre">{}</div>'),
    ("<!-- .pre{display:none} -->", '<div class="pre">{}</div>'),
    ("/* Outlook */ @font-face{font-family:x} @page S1{size:612pt} p.x{display:none}", '<p class="x">{}</p>'),
    ('@import url("a.css"); .q{content:"}"} .pre{display:none', '<div class="pre">{}</div>'),
])
def test_a_sheets_hidden_opt_out_beside_interest_goes_to_a_person_never_closed(sheet, element):
    markup = f"<style>{sheet}</style>" + element.format("unsubscribe") + INTEREST
    result = classify_message(_base64(markup))
    assert result.label != "unsubscribe" and result.needs_review and result.reason == MAY_ASK_TO_STOP
    assert "unsubscribe" not in result.visible_text and "Thursday" in result.visible_text


def test_a_sheets_hidden_interest_is_not_shown_as_hers():
    markup = ("<style>.preheader{display:none}</style><span class=\"preheader\">Yes I'm interested</span>"
              "<p>Do not contact me again.</p>")
    result = classify_message(_html(markup))
    assert result.label == "unsubscribe" and not result.needs_review
    assert result.visible_text.strip() == "Do not contact me again."


@pytest.mark.parametrize("markup", [
    # on some screens only: a person on another reads it
    "<style>@media only screen and (max-width:600px){.m{display:none !important}}</style><div class=m>{}</div>",
    '<style media="print">.m{display:none}</style><div class="m">{}</div>',
    "<!--[if mso]><style>.m{display:none}</style><![endif]--><div class=m>{}</div>",
    "<style>@supports (display:grid){.m{display:none}}</style><div class=m>{}</div>",
    # hidden on every screen but shown on some
    "<style>.m{display:none} @media (max-width:600px){.m{display:block}}</style><div class=m>{}</div>",
    "<style>.m{display:none} td .m{display:block}</style><table><tr><td><div class=m>{}</div></td></tr></table>",
    # the cascade: her own style, then what is more important, wins
    '<style>.m{display:none}</style><div class="m" style="display:block">{}</div>',
    '<style>.m{display:block !important}</style><div class="m" style="display:none">{}</div>',
    '<style>.m{display:block}</style><div class="m" hidden>{}</div>',
    "<style>.m{display:none} .m{display:inline}</style><div class=m>{}</div>",
    "<style>.m{display:none} div.m{display:block}</style><div class=m>{}</div>",
    # rules this reading cannot follow, or that are none
    "<style>.m:hover, .n{display:none}</style><div class=n>{}</div>",
    "<style>.x .m{display:none}</style><div class=x><div class=m>{}</div></div>",
    "<style>/* .m{display:none} */</style><div class=m>{}</div>",
    "<style>} .m{display:none}</style><div class=m>{}</div>",
    "<style>.m{color:red; .n{display:none}}</style><div class=m><p class=n>{}</p></div>",
    "<style>@keyframes f{from{opacity:0}}</style><from>{}</from>",
    "<style>.M{display:none}</style><div class=m>{}</div>",
    '<style>.m{content:".n{display:none}"}</style><div class=n>{}</div>',
    "<style>.m{display:nonesuch; visibility:visible}</style><div class=m>{}</div>",
    "<style>.m{opacity:0.5}</style><div class=m>{}</div>",
])
def test_a_rule_that_does_not_hide_on_every_screen_leaves_her_opt_out_read_as_hers(markup):
    """Beside words always shown, so that the opt-out is not read for want of anything else."""
    result = classify_message(_html(markup.replace("{}", "Please unsubscribe me.") + "<p>Thanks for the note.</p>"))
    assert result.label == "unsubscribe" and not result.needs_review
    assert "Please unsubscribe me." in result.visible_text


def test_an_element_inside_what_a_sheet_hides_is_hidden_with_it_and_what_follows_is_kept():
    markup = '<style>.h{display:none}</style><div class="h">pre<div class="x">inner</div>header</div><p>Shown</p>'
    shown, hidden = split_hidden(markup)
    assert re.sub("<[^>]+>", " ", hidden).split() == ["pre", "inner", "header"] and "Shown" in shown


@pytest.mark.parametrize("name, label, visible, hidden", [
    ("gmail.eml", "interested", "Yes, let's talk Thursday at 3pm.", "Unsubscribe"),
    ("outlook.eml", "unsubscribe", "Please take me off your list.", "interested \N{EN DASH} let"),
    ("apple_mail.eml", "interested", "Thursday at 3pm works for me.", "Reply STOP to unsubscribe."),
])
def test_mail_clients_replies_are_read_without_what_their_sheets_hide(name, label, visible, hidden):
    """Gmail's ``<div dir="ltr">`` with a sheet an extension put in the reply; Outlook's Word sheet inside
    ``<!-- -->``, with its ``@font-face`` and ``@page`` rules and a preheader class; Apple Mail's reply whose
    text a rule hides on narrow screens only (read) and whose footer an id's rule hides (not read)."""
    result = classify_message((SHEETS / name).read_bytes())
    assert result.label == label and visible in result.visible_text and hidden not in result.visible_text
    if label == "unsubscribe":
        assert not result.needs_review
    else:
        assert result.needs_review and result.reason == MAY_ASK_TO_STOP


# Sheets of 1 MB written to make a reading go back over what it has read: comments and strings never
# closed, braces, at-rules, a list of 170,000 selectors with 40,000 declarations, one rule 65,000 times.
MB = 1 << 20
HOSTILE = {
    "comments": "/*" * (MB // 2), "strings": "\"'" * (MB // 2), "opened": "{" * MB, "closed": "}" * MB,
    "statements": "@a;" * (MB // 3), "marks": "<!---->" * (MB // 7), "escapes": "\\" * MB, "dashes": "-" * MB,
    "groups": "@media screen{" * (MB // 14), "listed": ".a," * (MB // 6) + "{" + "display:none;" * (MB // 26) + "}",
    "repeated": ".a{display:none}" * (MB // 16), "long class": "." + "a" * MB + "{display:none}",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_sheet_is_read_once_and_kept_in_one_entry_a_selector(monkeypatch, name):
    """Each character is read by one token, once; a rule costs one entry update per selector and property
    that hides, whatever the number of its declarations; a selector written again keeps its one entry."""
    tokens = []
    counted = re.compile(style_sheets.TOKEN_RE.pattern, style_sheets.TOKEN_RE.flags)
    monkeypatch.setattr(style_sheets, "TOKEN_RE", _Tokens(counted, tokens))
    sheet = HOSTILE[name]
    sheets = StyleSheets()
    sheets.read(sheet)
    assert sum(tokens) == len(sheet)
    assert sheets.order <= 4 * (sheet.count(",") + sheet.count("{") + 1)
    assert len(sheets.said) <= 1


class _Tokens:
    """A token pattern that adds up the length of each token it yields and fails if one skips a character."""

    def __init__(self, compiled, lengths: list[int]):
        self.compiled, self.lengths = compiled, lengths

    def finditer(self, text):
        end = 0
        for token in self.compiled.finditer(text):
            assert token.start() == end, "a character no token read"
            self.lengths.append(token.end() - token.start())
            end = token.end()
            yield token


def test_an_element_costs_a_lookup_per_class_it_has(monkeypatch):
    """A sheet of many rules is not read again for each element: the elements' lookups grow with them alone."""
    looked_up = []
    keys = StyleSheets._keys
    monkeypatch.setattr(StyleSheets, "_keys", lambda self, *a: looked_up.append(len(result := keys(self, *a))) or result)
    sheet = "<style>" + "".join(f".c{n}{{display:none}}" for n in range(5000)) + "</style>"
    for elements in (1000, 2000):
        looked_up.clear()
        split_hidden(sheet + '<p class="a b c" id="x">Yes</p>' * elements)
        # the <style> by its name; each <p> by its name, three classes and id, each with its name and with "*"
        assert sum(looked_up) == 2 + elements * 2 * (1 + 3 + 1)

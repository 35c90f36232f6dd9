"""Tell what the person wrote in a reply from the history it quotes.

Quoted history is what sits under a quote header ("On <date>, <name> wrote:", an Outlook
"From:/Sent:" block, "-----Original Message-----"): the lines marked with ``>``, or, in a quote
without marks, everything down to the end of our message (the line of our footer that carries its
unsubscribe link), or to the end when the message quoted is not ours. Everything else is hers:
above, between and below quotes, after her sign-off, below a rule. Our footer always contains
"unsubscribe"; it comes back quoted under every reply and must never reach a rule.

:func:`written_text` is what the opt-out rules and a person read; :func:`visible_text` leaves out
her signature too, for the labeller, in the spirit of github/email_reply_parser.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.messages import FOOTER

from .company_footers import company_footer_start

__all__ = ["below_signature", "is_our_message", "unmarked_quote_text", "visible_text", "written_text"]

# "On <date>, <name> wrote:" in the languages we sell in; may wrap over up to three lines.
_WROTE_RE = LazyPattern(
    r"^(?:on|am|le|el|il|op|em)\b.{0,300}?(?:(?:wrote|a écrit|a ecrit|escribió|escribio|"
    r"ha scritto|schreef|escreveu)\s*:?|schrieb\b.{0,200}:)\s*$", re.I | re.S)
_WROTE_START_RE = LazyPattern(r"^(?:on|am|le|el|il|op|em)\s", re.I)
# A bare attribution on a line of its own, as some clients write it with no date: "Alex Seller wrote:", "Alex Seller
# <alex@sdr.example> schrieb:", "alex@sdr.example a écrit :"; a name is words in capitals, not opened by a word of
# her sentence ("As Dana wrote:", "Our CEO Maria Lopez wrote:", "Wie Frau Meier schrieb:" are hers) unless its address
# follows ("Het Patel <het@…> wrote:"); an address has one "@", which keeps a long line of them linear to try.
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w.'’-]*"
_CITING_WORD = (r"(?i:as|our|my|your|his|her|their|the|this|that|and|but|so|also|then|like|here|what|wie|mein|meine|"
                r"unser|unsere|ihr|ihre|der|die|das|und|aber|auch|comme|mon|notre|nos|et|mais|como|nuestro|nuestra|"
                r"pero|come|nostro|nostra|zoals|mijn|onze|het|maar|meu|minha|nosso|nossa|mas)[^\S\n]")
# A name's address, which no line of hers that cites someone carries.
_ADDRESS = r"<[^<>\s@]+@[^<>\s@]+>"
_BARE_WROTE_RE = LazyPattern(
    rf"^[^\S\n]*(?:(?!{_CITING_WORD}){_NAME_WORD}(?:[^\S\n]+{_NAME_WORD}){{0,3}}|"
    rf"{_NAME_WORD}(?:[^\S\n]+{_NAME_WORD}){{0,3}}[^\S\n]+{_ADDRESS}|"
    r"<?[^<>\s@]+@[^<>\s@]+>?)"
    r"[^\S\n]+(?i:wrote|a écrit|a ecrit|escribió|escribio|ha scritto|schreef|escreveu|schrieb)[^\S\n]*:[^\S\n]*$")
# A block's leading blanks are those of its own line (``[^\S\n]``: any space but a line break, the
# no-break space of an HTML ``&nbsp;`` included): from every line start of a run of empty lines
# ``\s*`` would scan the whole run, quadratic in its length.
_HEADER_BLOCK_RE = LazyPattern(
    r"^[^\S\n]*[*_]?(?:from|von|de|da|van)\s?[*_]?\s?:[*_]?\s.+\n\s*[*_]?(?:sent|gesendet|envoyé|envoye|"
    r"enviado|inviato|verzonden|date|datum|fecha|to|an|à|para)\s?[*_]?\s?:", re.I | re.M)
_SEPARATOR_RE = LazyPattern(
    r"^[^\S\n]*-{3,}\s*(?:original message|ursprüngliche nachricht|message d'origine|mensaje original|"
    r"original nachricht|forwarded message|weitergeleitete nachricht)\s*-*\s*$", re.I | re.M)
# A rule drawn above a quote header (Outlook's line of underscores): part of the quote's heading.
_RULE_RE = LazyPattern(r"^[^\S\n]*(?:_{20,}|-{20,})\s*$")
# The words before the link on our footer's last line, however a mail program wrapped them, and the
# link itself, on that line or (wrapped) the next.
_FOOTER_WORDS = FOOTER.strip().splitlines()[-1].partition("{")[0].split()
_OUR_FOOTER_RE = LazyPattern(r"\s+".join(map(re.escape, _FOOTER_WORDS)) + r"[^\S\n]*(?:\S|\n[^\S\n]*[<>]?\S)?",
                             re.I)
_SIG_LINE_RE = LazyPattern(
    r"^(?:--\s*|__+|-\s?(?-i:[A-Z][\w.'-]*)(?:\s(?-i:[A-Z][\w.'-]*)){0,2}|(?:sent from my|envoyé de mon|envoye de mon|enviado desde mi|gesendet von meinem|"
    r"von meinem \S+ gesendet|get outlook for)(?:\s+\S+){0,4}\s*)$", re.I)
_POSTSCRIPT_RE = LazyPattern(r"^\s*p\.?\s?s\.?\s*[:,.-]?\s", re.I)  # "PS:", "P.S.", "ps -" after a signature


def _line_numbers(text: str, offsets: list[int]) -> list[int]:
    """The line each offset falls on, in order."""
    numbers, line, start = [], 0, 0
    for offset in sorted(offsets):
        line += text.count("\n", start, offset)
        start = offset
        numbers.append(line)
    return numbers


def _wrote_line(lines: list[str], i: int) -> int:
    """Number of lines the quote header starting at ``lines[i]`` spans, or 0."""
    if not _WROTE_START_RE.match(lines[i].lstrip()):
        return 1 if lines[i].rstrip().endswith(":") and _BARE_WROTE_RE.match(lines[i]) else 0
    joined = lines[i].strip()
    for span in range(1, 4):
        if _WROTE_RE.match(joined):
            return span
        if i + span >= len(lines):
            break
        joined += " " + lines[i + span].strip()
    return 0


def _quoted_below(lines: list[str], i: int) -> bool:
    """Whether the quote under a header ending before ``lines[i]`` marks its lines with ``>``."""
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i < len(lines) and lines[i].lstrip().startswith(">")


def _own_lines(text: str) -> tuple[list[str], list[str]]:
    """Every line of ``text`` outside quoted history and our footer, and the lines of quotes without
    marks (our footer's lines left out): a quote's own words, or hers written into it."""
    lines = text.split("\n")
    headed = set(_line_numbers(text, [m.start() for m in _SEPARATOR_RE.finditer(text)]
                               + [m.start() for m in _HEADER_BLOCK_RE.finditer(text)]))
    footers = list(_OUR_FOOTER_RE.finditer(text))
    footer_ends = _line_numbers(text, [m.end() for m in footers])
    footer_lines = set(_line_numbers(text, [m.start() for m in footers])) | set(footer_ends)
    out: list[str] = []
    unmarked: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        span = 1 if i in headed else _wrote_line(lines, i) if line[:2].lower() in (
            "on", "am", "le", "el", "il", "op", "em") or line.rstrip().endswith(":") else 0
        if span:
            while out and (not out[-1].strip() or _RULE_RE.match(out[-1])):
                out.pop()
            i += span
            if not _quoted_below(lines, i):  # unmarked: down to the end of our message, or to the end
                after = bisect_left(footer_ends, i)
                end = footer_ends[after] + 1 if after < len(footer_ends) else len(lines)
                unmarked += (lines[j] for j in range(i, end) if j not in footer_lines)
                i = end
            continue
        if not line.lstrip().startswith(">") and i not in footer_lines:
            out.append(line)
        i += 1
    return out, unmarked


def _signature_span(lines: tuple[str, ...]) -> tuple[int, int]:
    """The lines ``[start, end)`` her signature takes, ``(len, len)`` when there is none: a signature
    delimiter or a rule mid-message hides what follows only when little follows, and never a postscript.
    Without either, a company's footer closing her text is taken as one (``company_footers``)."""
    for i, line in enumerate(lines):
        if i > 0 and (_SIG_LINE_RE.match(line.rstrip()) or _RULE_RE.match(line)):
            rest = [ln for ln in lines[i + 1:] if ln.strip()]
            if len(rest) <= 8:
                after = next((j for j in range(i + 1, len(lines)) if _POSTSCRIPT_RE.match(lines[j])), len(lines))
                return i, after
    footer = company_footer_start(lines)
    return footer, len(lines)


@lru_cache(maxsize=8)
def _read(body: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Her lines and the unmarked quotes' lines; kept for the few bodies in hand, as triage reads one
    message's body several ways (all she wrote, without her signature, below it, in quotes)."""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > 200_000:  # pathological input: the answer is near the top anyway
        text = text[:200_000]
    own, unmarked = _own_lines(text)
    return tuple(own), tuple(unmarked)


def _lines(body: str) -> tuple[str, ...]:
    return _read(body)[0]


def written_text(body: str) -> str:
    """Everything the person wrote: quoted history and our footer removed, nothing of hers."""
    return "\n".join(_lines(body)).strip()


def visible_text(body: str) -> str:
    """What the person wrote without her signature: the text the labeller reads."""
    lines = _lines(body)
    start, end = _signature_span(lines)
    return "\n".join(lines[:start] + lines[end:]).strip()


def below_signature(body: str) -> str:
    """What she wrote below her sign-off, a postscript aside: where her company's footer sits too."""
    lines = _lines(body)
    start, end = _signature_span(lines)
    return "\n".join(lines[start:end]).strip()


def unmarked_quote_text(body: str) -> str:
    """The text of the quotes without ``>`` marks, our footer's lines left out: history, or words she
    wrote into a quote or below an unmarked quote header, which only a person can tell apart."""
    return "\n".join(_read(body)[1]).strip()


def is_our_message(text: str) -> bool:
    """Whether ``text`` is our own message rather than a reply to it: our footer stands in it under no quote header."""
    footer = _OUR_FOOTER_RE.search(text)
    if footer is None:
        return False
    above = text[:footer.start()]
    lines = above.split("\n")
    return not (_SEPARATOR_RE.search(above) or _HEADER_BLOCK_RE.search(above)
                or any(_wrote_line(lines, i) for i in range(len(lines))))

"""Strip quoted history and signatures from a reply, keeping what the person wrote.

Our outbound footer always contains "unsubscribe"; it comes back quoted under every reply and must
never reach the labeller. Top-posted replies are cut at the first quote header; bottom-posted and
inline replies (quote header with almost nothing above it) keep the person's own lines and drop
the ``>`` lines, in the spirit of github/email_reply_parser.
"""

from __future__ import annotations

import re

from sdr_assets.domain.lazy_patterns import LazyPattern

__all__ = ["visible_text"]

# "On <date>, <name> wrote:" in the languages we sell in; may wrap over up to three lines.
_WROTE_RE = LazyPattern(
    r"^(?:on|am|le|el|il|op|em)\b.{0,300}?(?:(?:wrote|a écrit|a ecrit|escribió|escribio|"
    r"ha scritto|schreef|escreveu)\s*:?|schrieb\b.{0,200}:)\s*$", re.I | re.S)
_WROTE_START_RE = LazyPattern(r"^(?:on|am|le|el|il|op|em)\s", re.I)
# A block's leading blanks are those of its own line (``[^\S\n]``: any space but a line break, the
# no-break space of an HTML ``&nbsp;`` included): from every line start of a run of empty lines
# ``\s*`` would scan the whole run, quadratic in its length.
_HEADER_BLOCK_RE = LazyPattern(
    r"^[^\S\n]*[*_]?(?:from|von|de|da|van)\s?[*_]?\s?:[*_]?\s.+\n\s*[*_]?(?:sent|gesendet|envoyé|envoye|"
    r"enviado|inviato|verzonden|date|datum|fecha|to|an|à|para)\s?[*_]?\s?:", re.I | re.M)
_SEPARATOR_RE = LazyPattern(
    r"^[^\S\n]*(?:-{3,}\s*(?:original message|ursprüngliche nachricht|message d'origine|mensaje original|"
    r"original nachricht|forwarded message|weitergeleitete nachricht)\s*-*|_{20,}|-{20,})\s*$",
    re.I | re.M)
_SIG_LINE_RE = LazyPattern(
    r"^(?:--\s*|__+|-\s?(?-i:[A-Z][\w.'-]*)(?:\s(?-i:[A-Z][\w.'-]*)){0,2}|(?:sent from my|envoyé de mon|envoye de mon|enviado desde mi|gesendet von meinem|"
    r"von meinem \S+ gesendet|get outlook for)(?:\s+\S+){0,4}\s*)$", re.I)
_POSTSCRIPT_RE = LazyPattern(r"^\s*p\.?\s?s\.?\s*[:,.-]?\s", re.I)  # "PS:", "P.S.", "ps -" after a signature
_GREETING_RE = LazyPattern(r"^\s*(?:hi|hello|hey|dear|hallo|bonjour|hola|salut|guten tag)\b[^\n]{0,40}$", re.I)


def _cut_points(text: str) -> list[int]:
    """Character offsets where a quoted block starts (separator, header block, "wrote:" line)."""
    points = []
    m = _SEPARATOR_RE.search(text)
    if m:
        points.append(m.start())
    m = _HEADER_BLOCK_RE.search(text)
    if m:
        points.append(m.start())
    return points


def _wrote_line(lines: list[str], i: int) -> int:
    """Number of lines the quote header starting at ``lines[i]`` spans, or 0."""
    if not _WROTE_START_RE.match(lines[i].lstrip()):
        return 0
    joined = lines[i].strip()
    for span in range(1, 4):
        if _WROTE_RE.match(joined):
            return span
        if i + span >= len(lines):
            break
        joined += " " + lines[i + span].strip()
    return 0


def _strip_signature(lines: list[str]) -> list[str]:
    for i, line in enumerate(lines):
        if i > 0 and _SIG_LINE_RE.match(line.rstrip()):
            # a signature delimiter mid-message hides what follows only when little follows
            rest = [ln for ln in lines[i + 1:] if ln.strip()]
            if len(rest) <= 8:
                after = next((j for j in range(i + 1, len(lines)) if _POSTSCRIPT_RE.match(lines[j])), None)
                return lines[:i] if after is None else lines[:i] + lines[after:]
    return lines


def visible_text(body: str) -> str:
    """What the person wrote: quoted history, forward headers and signature removed."""
    if not body:
        return ""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > 200_000:  # pathological input: the answer is near the top anyway
        text = text[:200_000]
    cuts = _cut_points(text)
    if cuts:
        first = min(cuts)
        if text[:first].strip():
            text = text[:first]
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        span = _wrote_line(lines, i) if line[:2].lower() in ("on", "am", "le", "el", "il", "op", "em") else 0
        if span:
            substantial = [ln for ln in out if ln.strip() and not _GREETING_RE.match(ln)]
            if substantial:
                break  # top post: everything below is history
            i += span
            continue
        if line.lstrip().startswith(">"):
            i += 1
            continue
        out.append(line)
        i += 1
    out = _strip_signature(out)
    return "\n".join(out).strip()

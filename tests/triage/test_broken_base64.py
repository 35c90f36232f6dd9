"""A text part in broken base64 still says what its writer wrote: an opt-out in it is not lost."""

import base64

import pytest

from sdr_assets.triage import broken_base64, classify_message
from sdr_assets.triage.parse import parse_bytes

ASK = "Bitte streichen Sie mich aus Ihrem Verteiler. Please unsubscribe me and stop emailing.\n"
ENCODED = base64.encodebytes(ASK.encode()).decode()


def _single(body: str) -> bytes:
    return ("From: Ann <ann@acme.example>\nTo: sam@outreach.example\nSubject: hello\nMIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" + body + "\n").encode()


def _multipart(body: str) -> bytes:
    return ("From: Ann <ann@acme.example>\nTo: sam@outreach.example\nSubject: hello\nMIME-Version: 1.0\n"
            'Content-Type: multipart/alternative; boundary="b1"\n\n--b1\n'
            "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" + body +
            "\n--b1\nContent-Type: text/html; charset=utf-8\n\n<p></p>\n--b1--\n").encode()


BROKEN = {
    # one character more than a multiple of four: the standard decoder hands back the encoded text
    "a lone last character": ENCODED.rstrip("=\n") + "Q",
    "stray characters and a lone last character": ENCODED.replace("\n", "\n*", 1).rstrip("=\n") + "Q",
    "cut short": ENCODED.rstrip("=\n")[:-3],
    # a client labelled prose base64: decoding it gives noise
    "prose labelled base64": ASK,
}


@pytest.mark.parametrize("build", [_single, _multipart])
@pytest.mark.parametrize("case", BROKEN)
def test_an_opt_out_in_broken_base64_is_read(case, build):
    raw = build(BROKEN[case])
    body = parse_bytes(raw).body
    assert "streichen Sie mich" in body and "unsubscribe me" in body, body
    result = classify_message(raw)
    assert (result.kind, result.label) == ("human", "unsubscribe"), (result.kind, result.label, result.reason)


# Ends in padding ("...Lgo="), as most bodies do.
PADDED_ASK = "Please unsubscribe me and stop emailing.\n"
PADDED = base64.encodebytes(PADDED_ASK.encode()).decode()
LINES = ["Please unsubscribe me.\n", "Thanks, Ann\n", "Bitte streichen Sie mich.\n"]
SOUND = {
    "no final padding": (PADDED.rstrip("=\n"), PADDED_ASK),
    "stray spaces": (ENCODED.replace("a", " a", 3), ASK),
    "a plain footer after it": (PADDED + "\nThis email has been scanned for viruses by Avast\n", PADDED_ASK),
    "padded line by line": ("".join(base64.encodebytes(line.encode()).decode() for line in LINES), "".join(LINES)),
}


@pytest.mark.parametrize("build", [_single, _multipart])
@pytest.mark.parametrize("case", SOUND)
def test_sound_base64_with_a_defect_is_read_as_before(case, build):
    """A body the standard decoder reads right despite a defect keeps that reading: it never gives
    way to the raw base64."""
    body, text = SOUND[case]
    raw = build(body)
    assert parse_bytes(raw).body == text
    result = classify_message(raw)
    assert (result.kind, result.label) == ("human", "unsubscribe"), (result.kind, result.label, result.reason)


def _counting_chunks(monkeypatch) -> list[bytes]:
    calls: list[bytes] = []
    decode_chunk = broken_base64._chunk_bytes

    def counted(chunk: bytes) -> bytes:
        calls.append(chunk)
        return decode_chunk(chunk)

    monkeypatch.setattr(broken_base64, "_chunk_bytes", counted)
    return calls


BIG_ASK = base64.encodebytes((ASK * (300_000 // len(ASK))).encode()).decode()  # over 256 KB


@pytest.mark.parametrize("case, body", [
    ("padded every two characters", "Q=" * 100_000),
    ("bigger than the limit", BIG_ASK.rstrip("=\n") + "Q"),
])
def test_a_big_or_finely_padded_part_keeps_the_standard_reading(monkeypatch, case, body):
    """Decoding chunk by chunk costs a step per padded chunk: a big part, or one padded every few
    characters, is read once by the standard decoder, never chunk by chunk."""
    calls = _counting_chunks(monkeypatch)
    text = parse_bytes(_single(body)).body
    assert calls == []
    if case == "bigger than the limit":
        assert "streichen Sie mich" not in text  # the standard decoder hands back the encoded text


def test_a_small_part_padded_line_by_line_is_still_read_chunk_by_chunk(monkeypatch):
    calls = _counting_chunks(monkeypatch)
    body = "".join(base64.encodebytes(line.encode()).decode() for line in LINES).rstrip("=\n") + "Q"
    assert parse_bytes(_single(body)).body.startswith("".join(LINES[:2]))
    assert len(calls) == 2  # one per padded chunk: the first line, then the rest

"""Text parts in broken base64, read as mail clients read them.

The standard parser gives up on a body whose length is one more than a multiple of four (it hands
back the encoded text) and decodes a plain text labelled base64 into noise: either way the words of
an opt-out are lost. Here characters outside the alphabet are ignored, each padded chunk (a client
may pad line by line) is decoded on its own, a last lone character is dropped and the padding
fixed. A decoding that is no text (noise) gives way to the standard decoder's, and when that is
noise too, to the raw text.

Only a small part is read so (an opt-out is short), and only one padded in few places: a big
part, or one padded every few characters, keeps the standard decoder's text, read in one pass.
"""

from __future__ import annotations

import binascii
import re
from email import errors

__all__ = ["BASE64_DEFECTS", "decode_leniently"]

BASE64_DEFECTS = (errors.InvalidBase64LengthDefect, errors.InvalidBase64CharactersDefect,
                  errors.InvalidBase64PaddingDefect)
_NOT_ALPHABET = re.compile(rb"[^A-Za-z0-9+/]")
_STRAY = re.compile(rb"[^A-Za-z0-9+/=\s]")
_PADDED_CHUNK = re.compile(rb"[^=]+=*")
_PADDING_RUN = re.compile(rb"=+")
LENIENT_LIMIT = 256 * 1024
# Padded line by line, a chunk holds a line's worth of characters; "Q=Q=Q=..." is no one's text.
_MIN_CHARS_PER_CHUNK = 16
# Control characters and replacement marks: what noise decodes to, and no text holds many of.
_NOISE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")


def decode_leniently(encoded: bytes, decode_text, standard: str) -> str:
    """The text of a base64 body the standard decoder found defective; ``decode_text`` turns bytes
    into text with the part's charset, ``standard`` is the standard decoder's text. The raw text
    when neither decoding is text."""
    if not _lenient_cost_bounded(encoded):
        return standard
    raw = decode_text(encoded)
    if len(encoded) - len(_STRAY.sub(b"", encoded)) > len(encoded) // 20:  # prose labelled base64
        return raw
    try:
        text = decode_text(b"".join(_chunk_bytes(chunk) for chunk in _PADDED_CHUNK.findall(encoded)))
    except (binascii.Error, ValueError):
        text = ""
    if not _noise(text):
        return text
    return raw if _noise(standard) else standard


def _lenient_cost_bounded(encoded: bytes) -> bool:
    """Small enough, and in few enough padded chunks, to be decoded chunk by chunk."""
    if len(encoded) > LENIENT_LIMIT:
        return False
    runs = sum(1 for _ in _PADDING_RUN.finditer(encoded))
    return runs <= len(encoded) // _MIN_CHARS_PER_CHUNK + 1


def _chunk_bytes(chunk: bytes) -> bytes:
    letters = _NOT_ALPHABET.sub(b"", chunk)
    letters = letters[: len(letters) - 1] if len(letters) % 4 == 1 else letters
    return binascii.a2b_base64(letters + b"=" * (-len(letters) % 4))


def _noise(text: str) -> bool:
    return not text.strip() or len(_NOISE.findall(text)) > len(text) // 20

"""Text parts in broken base64, read as mail clients read them.

The standard parser gives up on a body whose length is one more than a multiple of four (it hands
back the encoded text) and decodes a plain text labelled base64 into noise: either way the words of
an opt-out are lost. Here characters outside the alphabet are ignored, a last lone character is
dropped and the padding fixed; a decoding that is no text (noise) gives way to the raw text.
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
# Control characters and replacement marks: what noise decodes to, and no text holds many of.
_NOISE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")


def decode_leniently(encoded: bytes, decode_text) -> str:
    """The text of a base64 body the standard decoder found broken; ``decode_text`` turns bytes into
    text with the part's charset. The raw text when the body is no base64 of text."""
    raw = decode_text(encoded)
    if len(_STRAY.findall(encoded)) > len(encoded) // 20:  # prose labelled base64
        return raw
    letters = _NOT_ALPHABET.sub(b"", encoded)
    letters = letters[: len(letters) - 1] if len(letters) % 4 == 1 else letters
    try:
        text = decode_text(binascii.a2b_base64(letters + b"=" * (-len(letters) % 4)))
    except (binascii.Error, ValueError):
        return raw
    if not text.strip() or len(_NOISE.findall(text)) > len(text) // 20:
        return raw
    return text

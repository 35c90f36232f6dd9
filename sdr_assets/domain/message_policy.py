"""The email policy outbound messages are built with: ``email.policy.default``, made cheap to repeat.

The email package's header registry makes a new header class on every lookup, and an
``EmailMessage`` looks a class up twice per header it sets; the content headers ``set_content``
writes are parsed afresh for every message, and every header is folded afresh for every rendering,
though most headers of a batch carry the same few values. Building and rendering a message spent
most of its time there. :data:`MESSAGE_POLICY` makes each header class once, and shares the
headers whose value repeats between messages (parsed once, folded once per form: they are
immutable), and places a value that fits on a line whole without the package's folding walk
(:class:`QuickFold`). Every other setting is the default policy's, so a message renders to the
same bytes, except a subject the default folds wrong (:class:`ReadBackSubject`).
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache

from email.header import Header, decode_header, make_header
from email.headerregistry import HeaderRegistry, UniqueUnstructuredHeader
from email.policy import EmailPolicy

__all__ = ["MESSAGE_POLICY", "FoldedOnce", "HeaderClasses", "MessagePolicy", "QuickFold", "ReadBackSubject"]

# The headers set_content writes for a text part: a handful of distinct values in any batch.
_CONTENT_HEADERS = frozenset({"content-type", "content-transfer-encoding", "mime-version"})


class FoldedOnce:
    """A header many messages share: folded once for each line length, line ending and UTF-8 setting,
    the only settings folding reads."""

    def fold(self, *, policy) -> str:
        key = (policy.max_line_length, policy.linesep, policy.utf8)
        folds = self.__dict__.setdefault("_folds", {})
        folded = folds.get(key)
        if folded is None:
            folded = folds[key] = super().fold(policy=policy)
        return folded


class QuickFold:
    """A header folded as the email package folds it, without its walk when the answer is plain: a
    parsed value in the line's encoding that fits after the name, or else alone on the next line,
    is placed whole (``_refold_parse_tree`` places such a value whole, without looking inside it);
    any other value is folded by the package, as is one holding a line break (an encoded word can
    decode to one), which the package encodes again rather than write it raw."""

    def fold(self, *, policy) -> str:
        tree = self._parse_tree
        if tree and tree.token_type not in _WALKED:
            text = str(tree)
            maxlen = policy.max_line_length or sys.maxsize
            label = f"{self.name}:"
            if ((text.isascii() or policy.utf8 and _encodes(text)) and len(label) + 1 <= maxlen
                    and "\n" not in text and "\r" not in text):
                if len(text) <= maxlen - len(label) - 1:
                    return f"{label} {text}{policy.linesep}"
                if tree.syntactic_break and len(text) + 1 <= maxlen:
                    return f"{label}{policy.linesep} {text}{policy.linesep}"
        return super().fold(policy=policy)


# Values the package looks inside even when they fit: a special character in plain text is encoded,
# MIME parameters are folded by RFC 2231.
_WALKED = frozenset({"ptext", "mime-parameters"})


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class ReadBackSubject(UniqueUnstructuredHeader):
    """The subject, folded as the default policy folds it unless a reader would not read it back.

    Python 3.11's folding of a non-ASCII subject can put the space between two words in the gap
    between two encoded words, which RFC 2047 readers drop: "Réseau Ferré" arrives "RéseauFerré".
    Such a subject is encoded whole instead (``email.header.Header``), each space inside a word.
    """

    def fold(self, *, policy) -> str:
        folded = super().fold(policy=policy)
        text = str(self)
        if text.isascii() or policy.utf8 or _read_back(folded) == text.split():
            return folded
        encoded = Header(text, "utf-8", header_name=self.name).encode(
            linesep=policy.linesep, maxlinelen=policy.max_line_length or 78)
        return f"{self.name}: {encoded}{policy.linesep}"


def _read_back(folded: str) -> list[str]:
    """The words a reader decodes from a folded header (RFC 2047: a gap between encoded words is no space)."""
    value = re.sub(r"\r?\n(?=[ \t])", "", folded.partition(":")[2]).strip()
    return str(make_header(decode_header(value))).split()


class HeaderClasses(HeaderRegistry):
    """The default header registry, which makes each header class once instead of on every lookup,
    and makes the headers messages share (:meth:`shared`)."""

    def __init__(self) -> None:
        super().__init__()
        self._made: dict[str, type] = {}
        self._shared: dict[str, type] = {}
        self.map_to_type("subject", ReadBackSubject)

    def map_to_type(self, name: str, cls: type) -> None:
        super().map_to_type(name, cls)
        self._made.pop(name.lower(), None)
        self._shared.pop(name.lower(), None)

    def __getitem__(self, name: str) -> type:
        key = name.lower()
        made = self._made.get(key)
        if made is None:
            kind = self.registry.get(key, self.default_class)
            made = self._made[key] = type("_" + kind.__name__, (kind, QuickFold, self.base_class), {})
        return made

    def shared(self, name: str, value):
        """The header ``name: value`` as the registry makes it, folded once per form (FoldedOnce)."""
        key = name.lower()
        cls = self._shared.get(key)
        if cls is None:
            made = self[name]
            cls = self._shared[key] = type(made.__name__, (FoldedOnce, *made.__bases__), {})
        return cls(name, value)


class MessagePolicy(EmailPolicy):
    """``email.policy.default`` with the header classes made once and the content headers shared."""

    def header_store_parse(self, name: str, value):
        if (isinstance(value, str) and name.lower() in _CONTENT_HEADERS and isinstance(self.header_factory, HeaderClasses)
                and len(value.splitlines()) == 1):
            return name, _content_header(self.header_factory, name, value)
        return super().header_store_parse(name, value)


@lru_cache(maxsize=64)
def _content_header(factory: HeaderClasses, name: str, value: str):
    return factory.shared(name, value)


MESSAGE_POLICY = MessagePolicy(header_factory=HeaderClasses())

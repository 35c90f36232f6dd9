"""The email policy outbound messages are built with: ``email.policy.default``, made cheap to repeat.

The email package's header registry makes a new header class on every lookup, and an
``EmailMessage`` looks a class up twice per header it sets; the content headers ``set_content``
writes are parsed afresh for every message, and every header is folded afresh for every rendering,
though most headers of a batch carry the same few values. Building and rendering a message spent
most of its time there. :data:`MESSAGE_POLICY` makes each header class once, and shares the
headers whose value repeats between messages (parsed once, folded once per form: they are
immutable), and places a value that fits on a line whole without the package's folding walk
(:class:`QuickFold`), nor its parse where the tree would only spell the value (:class:`PlainValue`:
the recipient, the subject, the Message-ID). Every other setting is the default policy's, so a message renders to the
same bytes, except a subject the default folds wrong (:class:`ReadBackSubject`).
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache

from email.header import Header, decode_header, make_header
from email.headerregistry import (AddressHeader, HeaderRegistry, MessageIDHeader, UniqueAddressHeader,
                                  UniqueUnstructuredHeader, UnstructuredHeader)
from email.policy import EmailPolicy

__all__ = ["MESSAGE_POLICY", "FoldedOnce", "HeaderClasses", "MessagePolicy", "PlainAddresses", "PlainMessageID",
           "PlainValue", "QuickFold", "ReadBackSubject", "plain_value"]

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
        tree = self._quick_tree()
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

    def _quick_tree(self):
        return self._parse_tree


class PlainValue:
    """A header whose value is plain (:func:`plain_value`), parsed only when its folding needs the
    tree, which a value that fits on its line never does (``QuickFold``): the tree would only spell the
    value again. Parsing the recipient, the subject and the Message-ID was most of building a message.
    The header is the same string with the same defects (none) as the one the package parses."""

    @classmethod
    def parse(cls, value, kwds) -> None:
        if not isinstance(value, str):  # Address objects: the package parses their text unless given a tree
            kwds["parse_tree"] = None
            super().parse(value, kwds)
            text = kwds["decoded"]
            kwds["parse_tree"] = _Unparsed(text) if plain_value(cls, text) else cls.value_parser(text)
        elif issubclass(cls, AddressHeader) or not plain_value(cls, value):  # an address text: its parts are read
            super().parse(value, kwds)
        else:
            kwds["parse_tree"], kwds["decoded"] = _Unparsed(value), value

    @property
    def _parse_tree(self):
        tree = self.__dict__["_tree"]
        if isinstance(tree, _Unparsed):
            tree = self.__dict__["_tree"] = self.value_parser(tree.text)
        return tree

    @_parse_tree.setter
    def _parse_tree(self, tree) -> None:
        self.__dict__["_tree"] = tree

    def _quick_tree(self):
        return self.__dict__["_tree"]


class PlainAddresses(PlainValue, UniqueAddressHeader):
    """``To``: one recipient, as a rule a name and an address of plain words."""


class PlainMessageID(PlainValue, MessageIDHeader):
    """``Message-ID``: ours is a dot-atom at the sending domain."""


class _Unparsed:
    """What ``QuickFold`` reads of a plain value's tree, which spells it and is none the package walks."""

    token_type = "plain"
    syntactic_break = True

    def __init__(self, text: str):
        self.text = text

    def __str__(self) -> str:
        return self.text


_WORD = "[A-Za-z0-9'-]+"
_DOT_ATOM = r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*"
_PLAIN_ADDRESS = re.compile(rf"(?:{_WORD}(?: {_WORD})* <{_DOT_ATOM}@{_DOT_ATOM}>|{_DOT_ATOM}@{_DOT_ATOM})")
_PLAIN_MESSAGE_ID = re.compile(rf"<{_DOT_ATOM}@{_DOT_ATOM}>")


def plain_value(kind: type, text: str) -> bool:
    """Whether a header of ``kind`` parses ``text`` to a tree that spells it, without defects, of a kind
    ``QuickFold`` places whole: one address of words and a dot-atom address, all ASCII; a Message-ID of
    dot-atoms; unstructured printable ASCII without the start of an encoded-word (``=?``), not empty
    (the package folds an empty tree apart)."""
    if issubclass(kind, AddressHeader):
        return _PLAIN_ADDRESS.fullmatch(text) is not None
    if issubclass(kind, MessageIDHeader):
        return _PLAIN_MESSAGE_ID.fullmatch(text) is not None
    if issubclass(kind, UnstructuredHeader):
        return text != "" and text.isascii() and text.isprintable() and "=?" not in text
    return False


# Values the package looks inside even when they fit: a special character in plain text is encoded,
# MIME parameters are folded by RFC 2231.
_WALKED = frozenset({"ptext", "mime-parameters"})


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class ReadBackSubject(PlainValue, UniqueUnstructuredHeader):
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


class ReadBackAddresses:
    """An address header folded as the default policy folds it unless a reader would not read the same
    addresses back. Python 3.11 folds a quoted display name too long for its line apart from its
    quotes, under ``utf8`` ("Müller, Hans ..." <hans@x>) and in ASCII where the name holds a quote
    ("Jane \\"JJ\\" Doe, VP ..."): the header then names several mailboxes, and a comma in a contact's name
    adds a recipient. Such a header is written one address a line, each whole and quoted as
    ``Address`` quotes it (a name and an address fit well within 998 characters). A non-ASCII name
    without ``utf8`` is encoded-words, which the package folds right."""

    def fold(self, *, policy) -> str:
        folded = super().fold(policy=policy)
        if folded.count("\n") <= 1:  # on one line: nothing was folded apart
            return folded
        addresses = self.addresses
        if not addresses or not all(policy.utf8 or a.display_name.isascii() for a in addresses):
            return folded
        value = re.sub(r"\r?\n(?=[ \t])", "", folded.partition(":")[2])
        if _addresses(value) == [(a.display_name, a.addr_spec) for a in addresses]:
            return folded
        return f"{self.name}: " + f",{policy.linesep} ".join(map(str, addresses)) + policy.linesep


def _addresses(value: str) -> list[tuple[str, str]] | None:
    """The (display name, address) pairs a reader parses from an address header's value; None where
    the package's own parser cannot read it back (a group with no mailbox, a broken address)."""
    try:
        parsed = _READER(_READER_NAME, value)
        return [(a.display_name, a.addr_spec) for a in parsed.addresses]
    except (ValueError, IndexError, AttributeError, TypeError):
        return None


_READER = HeaderRegistry()
_READER_NAME = "to"


class HeaderClasses(HeaderRegistry):
    """The default header registry, which makes each header class once instead of on every lookup,
    and makes the headers messages share (:meth:`shared`)."""

    def __init__(self) -> None:
        super().__init__()
        self._made: dict[str, type] = {}
        self._shared: dict[str, type] = {}
        self.map_to_type("subject", ReadBackSubject)
        self.map_to_type("to", PlainAddresses)
        self.map_to_type("message-id", PlainMessageID)

    def map_to_type(self, name: str, cls: type) -> None:
        super().map_to_type(name, cls)
        self._made.pop(name.lower(), None)
        self._shared.pop(name.lower(), None)

    def __getitem__(self, name: str) -> type:
        key = name.lower()
        made = self._made.get(key)
        if made is None:
            kind = self.registry.get(key, self.default_class)
            mixins = (ReadBackAddresses, QuickFold) if issubclass(kind, AddressHeader) else (QuickFold,)
            made = self._made[key] = type("_" + kind.__name__, (kind, *mixins, self.base_class), {})
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

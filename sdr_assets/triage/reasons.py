"""Why a bounce failed, and whether that is hard: status code, SMTP command and diagnostic text.

The convention is sisimai's, which the corpus' hard/soft expectations come from: a bounce is hard
only when the address itself is dead (user unknown, host unknown, moved away) or the domain
accepts no mail at all (null MX with a permanent status). Everything else is soft.

"User unknown" is believed only with protocol evidence: the enhanced status says so (X.1.1), or
the server said it in reply to ``RCPT TO``. The same words after ``DATA``, or with no command to
pin them to, are how content filters (notably Japanese mobile carriers) refuse mail they dislike,
so they count as ``filtered``; after ``MAIL FROM`` the *sender* was refused (``rejected``). A soft
verdict sends the address to the retry policy instead of suppressing a live person.
"""

from __future__ import annotations

from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.triage.literal_guard import GuardedPattern

__all__ = ["best_status", "smtp_command", "reason_for", "is_hard", "STATUS_RE"]

# not inside version numbers ("Exim 4.86", "v5.4.1.2")
STATUS_RE = LazyPattern(r"(?<![\w.])([245])\.(\d)\.(\d{1,3})(?!\d|\.\d)")
_REPLY_CODE_RE = LazyPattern(r"\b([45])\d\d\b")

# RFC 3463 / IANA enhanced status codes named in sisimai's vocabulary (class-independent).
_STATUS_REASON = {
    "1.0": "userunknown", "1.1": "userunknown", "1.2": "hostunknown", "1.3": "userunknown",
    "1.4": "filtered", "1.6": "hasmoved", "1.7": "rejected", "1.8": "rejected", "1.9": "systemerror",
    "1.10": "notaccept",
    "2.0": "filtered", "2.1": "filtered", "2.2": "mailboxfull", "2.3": "exceedlimit", "2.4": "filtered",
    "3.0": "systemerror", "3.1": "systemfull", "3.2": "notaccept", "3.3": "systemerror", "3.4": "mesgtoobig",
    "3.5": "systemerror",
    "4.0": "networkerror", "4.1": "expired", "4.2": "networkerror", "4.3": "systemerror", "4.4": "hostunknown",
    "4.5": "systemfull", "4.6": "networkerror", "4.7": "expired",
    "5.3": "toomanyconn", "5.4": "systemerror", "5.5": "systemerror",
    "6.0": "contenterror", "6.1": "contenterror", "6.2": "contenterror", "6.3": "contenterror",
    "6.5": "contenterror", "6.6": "contenterror",
    "7.1": "securityerror", "7.13": "suspend", "7.17": "hasmoved", "7.18": "hasmoved",
    "7.20": "authfailure", "7.21": "authfailure", "7.22": "authfailure", "7.23": "authfailure",
    "7.24": "authfailure", "7.25": "blocked", "7.26": "authfailure", "7.27": "notaccept",
}
# transient "unable to route" is a DNS hiccup, not a missing domain
_TRANSIENT_STATUS_REASON = {"4.4": "networkerror", "2.1": "suspend", "7.1": "blocked"}

# First pass, in this order: phrases specific enough to decide on their own.
_STRONG_TEXT = [
    ("mailboxfull", r"mail ?box (is )?full|over ?quota|quota (exceeded|exceed)|exceeded storage|insufficient (disk )?(space|storage)|"
                    r"mailbox has exceeded|disk full|storage (space )?(limit|full)|too many messages in|mailbox size limit"),
    ("mesgtoobig", r"message (size )?(is )?too (big|large)|exceeds (the )?(maximum|fixed maximum) (message )?size|size limit|message size exceeds"),
    ("exceedlimit", r"exceeds (the )?administrative limit|message length exceeds"),
    ("suspend", r"suspended|deactivated|account (has been )?(disabled|closed|locked|expired)|is disabled|"
                r"(user|account|mailbox) .{0,40}(temporar(il)?y )?locked|no longer (active|in use)|is not active|inactive (user|account|mailbox)"),
    ("hasmoved", r"has moved|address (has )?changed|moved to|no longer on (this )?server"),
    ("norelaying", r"relay(ing)? (denied|not permitted|access denied|prohibited)|not permitted to relay|unable to relay|"
                   r"we do not relay|no relaying|as a relay|allowed rcpthosts"),
    ("userunknown", r"user ?unknown|unknown (user|recipient|address|local[- ]part|mailbox)|no such (user|mailbox|recipient|account|person|address|local user)|"
                    r"mailbox (not found|unavailable|does not exist|doesn't exist|is not available)|recipient (address )?(unknown|not found|does not exist)|"
                    r"invalid (recipient|mailbox|user|address|final delivery userid)|user (not found|doesn't have|does not have|doesn't exist|does not exist)|"
                    r"not a valid (mailbox|user|recipient)|unrouteable address|addressee unknown|not (a )?known user|no mailbox|"
                    r"bad destination mailbox|not our customer|account (does not|doesn't) exist|address couldn't be found|"
                    r"email account that you tried to reach does not exist|unknown or illegal alias|undeliverable address|"
                    r"recipient name is not recognized|bad_recipient|badrcptto|no mail ?box available|not an active address|"
                    r"is not a registered gateway user|mailbox unknown|requested action not taken: mailbox unavailable|"
                    r"this user doesn't have a .{0,40} account|invalid recipient|recipient address rejected: access denied"),
    ("filtered", r"due to recipient preferences|rejected by (the )?recipient|recipient is not accepting|content filter"),
    ("rejected", r"sender address rejected|domain of sender|sender .{0,30}(rejected|not allowed|blocked)|mail ?from .{0,30}rejected"),
    ("hostunknown", r"host (or domain name )?(not found|unknown)|unknown host|no such domain|domain (name )?(not found|does not exist|doesn't exist)|"
                    r"name or service not known|unrouteable mail domain|unroutable domain|nxdomain|domain .{0,40}(not exist|couldn't be found)|"
                    r"unknown domain|invalid domain|illegal host|couldn't find a mail exchanger|name service error|domain is not reachable|"
                    r"account or domain may not exist|\d{3} [a-z0-9-]+\.[a-z0-9.-]+ does not exist"),
    ("spamdetected", r"spam|blacklist|black list|blocklist|junk mail|spamhaus|bulk mail|uribl|content rejected"),
    ("speeding", r"too many (recipients|messages|connections)|rate limit|sending rate"),
    ("blocked", r"blocked|block list|access denied|dnsbl|\brbl\b|reverse dns|no access from|open relay"),
]
# After the status code: reasons the text may name when the code could not.
_WEAK_TEXT = [
    ("virusdetected", r"virus"),
    ("notaccept", r"does not accept (mail|e-?mail)|null mx|not accept(ing)? (any )?mail|doesn't receive email|no smtp service"),
    ("expired", r"delivery time expired|retry time|giving up on|too long in the queue|been in the queue too long|expired|timed? ?out"),
    ("networkerror", r"dns error|connection (refused|reset|timed out)|network error"),
    ("blocked", r"refused|reputation|\bptr\b|helo|not allowed"),
    ("filtered", r"filter|rejected|policy"),
]
# one pattern per reason, tried in order: a single alternation of all of them is four times slower
_STRONG = [(name, GuardedPattern(p)) for name, p in _STRONG_TEXT]
_WEAK = [(name, GuardedPattern(p)) for name, p in _WEAK_TEXT]

_COMMANDS = (
    ("MAIL", GuardedPattern(r"after mail from|in reply to mail from|>>> mail from|mail from command")),
    ("RCPT", GuardedPattern(r"after rcpt|in reply to rcpt|>>> rcpt|rcpt to command|our rcpt to|smtp command rcpt|rcpt command")),
    ("DATA", GuardedPattern(r"end of data|after data|in reply to data|>>> data|smtp command data|data command")),
    ("HELO", GuardedPattern(r"my name was rejected|in reply to (ehlo|helo)|>>> (ehlo|helo)|after (ehlo|helo)")),
)
# Provider replies that are only ever given to RCPT TO (Microsoft's directory-based edge blocking,
# Google's and Yahoo's "no such account"): they settle the question without a transcript.
_RCPT_ONLY_RE = LazyPattern(r"recipient address rejected: access denied|resolver\.adr\.recipientnotfound|"
                           r"this user doesn't have a .{0,40} account|email account that you tried to reach does not exist")
_ECHOED_RCPT_RE = LazyPattern(r"<[^<>\s]+@[^<>\s]+>\s*(?::|\.\.\.)\s*(?:user unknown|no such user|unknown user)")
_HARD = frozenset({"userunknown", "hostunknown", "hasmoved"})


def best_status(*texts: str) -> str | None:
    """The first specific enhanced status code in the texts; X.0.0 only when nothing better."""
    fallback = None
    for text in texts:
        for m in STATUS_RE.finditer(text or ""):
            code = m.group(0)
            if code[2:] == "0.0":
                fallback = fallback or code
            else:
                return code
    if fallback:
        return fallback
    for text in texts:
        m = _REPLY_CODE_RE.search(text or "")
        if m:
            return f"{m.group(1)}.0.0"
    return None


def smtp_command(text: str) -> str | None:
    """The SMTP command the remote server was answering, when the report says so."""
    low = text.lower()
    found = [(m.start(), name) for name, rx in _COMMANDS for m in [rx.search(low)] if m]
    # a transcript can show several commands; the last one is the one that failed
    return max(found)[1] if found else None


def reason_for(status: str | None, text: str, command: str | None = None) -> str:
    """A sisimai-style reason from the status code, the diagnostic text and the SMTP command."""
    reason = _reason(status, text, command)
    if command == "MAIL" and is_hard(reason, status):
        return "rejected"  # refused at MAIL FROM: the sender, not the recipient's address
    return reason


def _reason(status: str | None, text: str, command: str | None) -> str:
    low = text[:4000].lower()
    if low.lstrip().startswith("x-unix;"):
        return "mailererror"  # a local delivery program failed, whatever it printed
    sub = status[2:] if status else ""
    transient = bool(status) and status[0] == "4"
    if command == "HELO":
        return "blocked"
    for name, rx in _STRONG:
        if not rx.search(low):
            continue
        if name == "userunknown":
            return _user_unknown(sub, command, low)
        if name == "hostunknown":
            if command == "MAIL":
                return "rejected"  # the sender's domain
            return "networkerror" if transient else "hostunknown"
        return name
    named = (_TRANSIENT_STATUS_REASON.get(sub) if transient else None) or _STATUS_REASON.get(sub)
    if named and named not in ("systemerror", "securityerror", "networkerror"):
        return named
    for name, rx in _WEAK:
        if rx.search(low):
            return name
    if named:
        return named
    if sub.startswith("7."):
        return "securityerror"
    if command == "MAIL":
        return "rejected"
    return "onhold" if transient or not status else "undefined"


def _user_unknown(sub: str, command: str | None, low: str) -> str:
    if command == "MAIL":
        return "rejected"
    # X.1.10 is null MX in RFC 7505 but Microsoft's "RecipientNotFound"; the text decides
    if (_STATUS_REASON.get(sub) == "userunknown" or sub == "1.10" or command == "RCPT"
            or _RCPT_ONLY_RE.search(low)):
        return "userunknown"
    # a reply that echoes the recipient ("550 <a@b>: User unknown") answers RCPT TO; replies to
    # DATA are about the whole message and name nobody
    if command is None and (not sub or sub == "0.0" and _ECHOED_RCPT_RE.search(low)):
        return "userunknown"
    return "filtered"


def is_hard(reason: str, status: str | None) -> bool:
    if reason in _HARD:
        return True
    if reason == "notaccept":  # null MX: permanent unless the server said to try again
        return not (status and status[0] == "4")
    return False

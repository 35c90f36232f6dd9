"""A company's notice to whoever receives its mail, as it stands below a person's sign-off: "If you would
prefer not to receive marketing emails from Acme, please unsubscribe", "You are receiving this because
you are subscribed to Acme news. Unsubscribe.", "Wenn Sie keine weiteren E-Mails von uns erhalten
möchten, melden Sie sich hier ab."

Such a footer speaks to its reader, not for its writer: its words of opting out are no request of
hers to us. Her own afterthought below her sign-off ("Oh, and please take me off your list.") asks in
her own voice and holds none of these marks, even as a condition ("If you could take me off your list,
that would be great": ``polite_requests``).
"""

from __future__ import annotations

import re

from sdr_assets.domain.lazy_patterns import LazyPattern

from .polite_requests import without_polite_requests

__all__ = ["is_reader_notice"]

# A condition put to the reader, the reader told why mail reaches them, a click or a link to follow,
# a reply word to send, and the boilerplate around them, in the languages we sell in.
_NOTICE_RE = LazyPattern(
    r"\bif you\b|\byou(?:'re| are| were| have been) (?:receiving|subscribed|registered)\b|\byou received this\b"
    r"|\b(?:click|tap)\b|\bunsubscribe (?:here|below|at any time)\b|\bdon'?t want to (?:hear|receive)\b"
    r"|\b(?:reply|text|send)(?: with)? (?:stop|remove|unsubscribe)\b|\bconfidential\b|\bprivacy (?:policy|notice)\b"
    r"|https?://|\bwww\.|\b[\w-]+(?:\.[\w-]+)+/\S"
    r"|\b(?:wenn|falls) sie\b|\bsie erhalten diese\b|\bhier ab\b|\bklicken sie\b"
    r"|\bsi vous\b|\bvous recevez\b|\bcliquez\b|\bconfidentiel"
    r"|\bsi (?:usted |no )?(?:desea|quiere|prefiere)\b|\bhaga clic\b|\brecibe (?:este|esta)\b|\bconfidencial"
    r"|\bse (?:non )?(?:desidera|desideri|vuoi|preferisce)\b|\bclicca\b|\bricevi\b|\briservat"
    r"|\b(?:als|indien) u\b|\bklik\b|\bu ontvangt\b|\bvertrouwelijk"
    r"|\bse (?:não |nao )?(?:deseja|quiser|preferir)\b|\bclique\b|\bvocê (?:está )?receb",
    re.I)


def is_reader_notice(text: str) -> bool:
    """Whether ``text`` (what stands below a sign-off) reads as a notice to whoever receives the mail; her own
    request put as a condition ("If you could take me off your list") is none."""
    return bool(_NOTICE_RE.search(without_polite_requests(text)))

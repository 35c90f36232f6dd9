"""The words a footer's link shows, in the languages we sell in ("Unsubscribe", "Manage preferences",
"Abmelden"): one list, for a company's footer (``company_footers``) and for a link's word alone on a
reply's last line (``closing_link_words``)."""

__all__ = ["LINK_WORDS"]

# An alternation for ``re`` with case ignored.
LINK_WORDS = (r"unsubscribe|opt[- ]?out|manage (?:your )?(?:preferences|subscriptions?)|abmelden|abbestellen|"
              r"(?:se )?d[ée]sabonner|d[ée]sinscri\w*|darse de baja|cancella(?:re)? (?:l')?iscrizione|uitschrijven|"
              r"afmelden|descadastrar")

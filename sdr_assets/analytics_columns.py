"""What each column of the analytics tables means, as the Dagster UI shows it beside the table."""

_REPLY = "a person's reply: out-of-office, auto-replies and mail to the opt-out address are none"
_DELIVERED = "sent less hard and soft bounces; a send its contact replied to was delivered"
# The rates both tables give over the delivered sends, with their intervals (``with_intervals``).
_RATES = {
    "reply_rate": "human_replies / delivered; empty when nothing was delivered.",
    "positive_rate": "positive_replies / delivered; empty when nothing was delivered.",
    **{f"{rate}_{end}": f"{bound} bound of the {rate.replace('_', ' ')}'s 95 % Wilson interval; the bounds are "
                        "0 and 1 when nothing was delivered."
       for rate in ("reply_rate", "positive_rate") for end, bound in (("low", "Lower"), ("high", "Upper"))},
}

SUMMARY_COLUMNS = {
    "play": "The play: each play of the play book or the ledger, one that sent nothing too.",
    "state": ("'sent' once the play sent an email; else why not: 'waiting for approval', 'no sends yet' "
              "(approved), 'paused', 'paused by the monitor', 'rejected', 'revoked' or 'not in the play book'."),
    "emails_sent": "Emails sent (ledger rows with status sent).",
    "delivered": f"Emails delivered: {_DELIVERED}.",
    "contacts": "People emailed, one per mailbox however the ledger spelled it.",
    "human_replies": f"Sends answered by {_REPLY}.",
    "positive_replies": "Sends whose latest reply by a person is interested or asks a question.",
    "bounces": "Sends that hard-bounced.",
    "complaints": "Sends a verified complaint (its report carries our Message-ID or token) is held against.",
    "unsubscribes": "Sends an unsubscribe by any channel is held against (one per person and play).",
    "out_of_office": "Sends answered by an out-of-office message (no reply).",
    **_RATES,
    "reply_rate": f"{_RATES['reply_rate']} Demo: simulated replies included.",
    "bounce_rate": "bounces / emails_sent: the sender's health.",
    "complaint_rate": "complaints / emails_sent: the sender's health.",
    "simulated_replies": "Of human_replies, those the demo's market wrote (only in the demo's folder).",
}

_TRIAL = "each contact's sequence of the play, counted once, on her first email of it"
PERFORMANCE_COLUMNS = {
    "play": "The play.",
    "play_version": "The approved version of the play the emails went out under.",
    "variant": "The copy variant of the emails.",
    "signal_type": "The kind of signal that qualified the account.",
    "segment": "The account's industry.",
    "step": "The step of the sequence (1 is the first email).",
    "mailbox": "The mailbox that sent the emails.",
    "week": "The UTC week (from Monday) the emails were sent in.",
    "simulated": "True when the demo's market made the outcome; the notebooks leave these rows out by default.",
    "sent": "Emails sent.",
    "delivered": f"Emails delivered: {_DELIVERED}.",
    "hard_bounces": "Emails that hard-bounced.",
    "soft_bounces": "Emails that soft-bounced only.",
    "human_replies": f"Emails answered by {_REPLY}.",
    "positive_replies": "Emails whose latest reply by a person is interested or asks a question.",
    "negative_replies": "Emails whose latest reply by a person is not interested.",
    "objections": "Emails whose latest reply by a person is an objection.",
    "objections_timing": "Objections: not now.",
    "objections_budget": "Objections: no budget.",
    "objections_has_solution": "Objections: already has a solution.",
    "objections_other": "Objections for another or no stated reason.",
    "unsubscribes": "Emails an unsubscribe by any channel is held against.",
    "complaints": "Emails a verified complaint is held against.",
    "out_of_office": "Emails answered by an out-of-office message (no reply).",
    "auto_replies": "Emails answered by another automatic reply, one saying the contact left or asking to stop too "
                    "(no reply).",
    "meetings": "Meetings booked, counted on the contact's first email of the play.",
    "contacts": f"People: {_TRIAL}.",
    "contacts_reached": "Of contacts, those any email of whose sequence was delivered.",
    "contacts_replied": "Of contacts, those who replied to any step.",
    "contacts_positive": "Of contacts, those whose latest reply, to any step, is interested or asks a question.",
    "median_hours_to_first_reply": "Median hours from an email to its first human reply.",
    "first_sent_at": "When the first of the emails was sent (UTC): of two versions sending in one week, the later one began later.",
    **_RATES,
}

FUNNEL_COLUMNS = {
    "play": "The play.",
    "simulated": "True on the row of the contacts whose outcome the demo's market made (from emailed on).",
    "signals_qualified": "Signals in the trigger window today, plus one per emailed account no longer signalled.",
    "accounts_ready": "Accounts ready today and every account emailed.",
    "contacts_drafted": "Contacts with a grounded first-step draft today and every contact emailed.",
    "contacts_emailed": "People emailed, ever.",
    "contacts_replied": "People emailed who replied (a person's reply), ever.",
    "contacts_positive": "People emailed whose latest reply is interested or asks a question.",
    "meetings": "Meetings booked, ever.",
}

"""Outbound messages: headers that let replies, bounces and complaints find their send."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

FOOTER = "\n\n--\nNot relevant? Unsubscribe with one click: {unsubscribe_link}\n"


def message_id(send_key: str, sending_domain: str) -> str:
    return f"<sdr-{send_key}@{sending_domain}>"


def build_message(
    *,
    send_key: str,
    play: str,
    play_version: str,
    sender_name: str,
    sender_email: str,
    to_name: str,
    to_email: str,
    subject: str,
    body: str,
    sent_at: datetime,
    sending_domain: str,
    unsubscribe_url: str,
) -> EmailMessage:
    """An RFC 5322 message with RFC 8058 one-click unsubscribe."""
    link = f"{unsubscribe_url.rstrip('/')}/{send_key}"
    msg = EmailMessage()
    msg["From"] = formataddr((sender_name, sender_email))
    msg["To"] = formataddr((to_name, to_email))
    msg["Subject"] = subject
    msg["Date"] = format_datetime(sent_at)
    msg["Message-ID"] = message_id(send_key, sending_domain)
    msg["List-Unsubscribe"] = f"<{link}>, <mailto:unsubscribe@{sending_domain}?subject=unsubscribe-{send_key}>"
    msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg["X-SDR-Send-Key"] = send_key
    msg["X-SDR-Play"] = play
    msg["X-SDR-Play-Version"] = play_version
    msg.set_content(body.rstrip() + FOOTER.format(unsubscribe_link=link))
    return msg

"""Opt-out endpoints for the tests' mail that goes out over SMTP.

Mail that reaches recipients must carry a one-click link and a mailto they can reach, so the
placeholder outreach.example is refused for it. These name the tests' own company instead; nothing
resolves them, since the tests' SMTP servers listen on 127.0.0.1. Replies to it must be read from
somewhere a person named: the tests' maildir, under their data folder.
"""

REACHABLE_OPTOUTS = {"SDR_UNSUBSCRIBE_URL": "https://optout.northwind-sales.com/unsubscribe",
                     "SDR_SENDING_DOMAIN": "northwind-sales.com",
                     "SDR_REPLIES_MAILDIR": "{data_dir}/inbox/replies"}

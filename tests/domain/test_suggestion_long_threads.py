"""A long thread's latest reply reaches the model asking for a suggested answer: the thread is cut in
its middle, not at its end, so the answer is to what she wrote last, with our first email kept."""

import json
import re

from sdr_assets.domain.prompts import suggestion_messages

OPENER = "We wrote (2026-11-02T09:00): Hi Maya, saw Acme is hiring a RevOps lead. Worth a chat?"
LATEST = "They wrote (2026-11-28T10:00): Yes, let's talk. Does your tool handle Salesforce territories?"


def _thread_sent(thread: str) -> str:
    messages = suggestion_messages(label="question", sub_reason=None, first_name="Maya", thread=thread,
                                   play_description="RevOps hiring", facts=[], booking_url="", referral=None)
    block = re.search(r"<<<DATA\n(.*)\nDATA>>>", messages[-1]["content"], re.S).group(1)
    return json.loads(block)["thread"]


def test_the_latest_reply_of_a_long_thread_is_sent_with_the_opener():
    middle = "\n\n".join(f"They wrote (2026-11-{d:02d}T10:00): " + "Some detail about our stack. " * 12
                         for d in range(3, 27))
    sent = _thread_sent(f"{OPENER}\n\n{middle}\n\n{LATEST}")
    assert LATEST in sent and OPENER in sent
    assert len(sent) <= 4010


def test_a_short_thread_is_sent_whole():
    assert _thread_sent(f"{OPENER}\n\n{LATEST}") == f"{OPENER}\n\n{LATEST}"

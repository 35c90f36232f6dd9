"""Clear opt-outs in Japanese, Chinese and Korean are recorded with nobody to decide them; a question
about how to stop, or a refusal, suppresses nobody and goes to a person. Written for this rule."""

from email.message import EmailMessage

import pytest

from sdr_assets.triage import classify_message
from sdr_assets.triage.result import MAY_ASK_TO_STOP

from .helpers import OUR_MESSAGE_ID, make_message

OPT_OUTS = [
    "配信停止してください。", "配信停止をお願いします。", "配信解除をお願いします。", "メール不要です。",
    "今後メールを送らないでください。", "送らないでください", "もう送らないでください。",
    "退订", "请帮我退订，谢谢。", "取消订阅", "不要再发邮件给我了。", "請取消訂閱。",
    "수신거부", "수신거부 해주세요.", "구독 취소 부탁드립니다.", "구독취소", "더 이상 메일 보내지 마세요.",
]
NEAR_MISSES = [
    "配信停止の方法を教えてください。", "配信停止するにはどうすればいいですか？", "配信停止しないでください。",
    "配信停止はしないでください、引き続き読みたいです。", "配信停止できますか？",
    "如何退订？", "怎么退订？", "不要退订我，我喜欢这些邮件。", "退订的方法是什么？", "你们的退订率是多少？",
    "수신거부는 어떻게 하나요?", "수신거부 방법이 뭔가요?", "수신거부하지 마세요.", "구독 취소하지 마세요, 계속 받고 싶어요.",
]


@pytest.mark.parametrize("text", OPT_OUTS)
def test_a_clear_cjk_opt_out_is_recorded_with_nobody_to_decide_it(text):
    result = classify_message(make_message(text))
    assert result.label == "unsubscribe" and not result.needs_review


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_a_cjk_question_about_stopping_or_a_refusal_suppresses_nobody_and_goes_to_a_person(text):
    result = classify_message(make_message(text))
    assert result.label != "unsubscribe"
    assert result.needs_review and result.reason == MAY_ASK_TO_STOP


def test_an_iso_2022_jp_opt_out_in_base64_is_read():
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "Ann <ann@acme.example>", "sam@sdr.example", "Re: Quick question"
    msg["In-Reply-To"] = OUR_MESSAGE_ID
    msg.set_content("配信停止してください。今後メールを送らないでください。", charset="iso-2022-jp", cte="base64")
    assert b"base64" in bytes(msg) and "iso-2022-jp" in msg["Content-Type"]
    assert classify_message(bytes(msg)).label == "unsubscribe"

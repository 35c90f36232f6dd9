"""One reply never pauses anything, however angry: a segment of two prospects where one wrote back
spam, a complaint and an opt-out is one unhappy person, not an offended segment. Two do."""

from itertools import combinations

from resources.settings import SendPolicy
from sdr_assets.domain.monitor import VERDICTS, monitor_play, verdict_weight

SETTINGS = SendPolicy().monitor_settings()
EVERY_VERDICT = [set(c) for n in range(1, len(VERDICTS) + 1) for c in combinations(VERDICTS, n)]


def test_one_send_whatever_its_verdicts_pauses_no_segment_and_no_play():
    for verdicts in EVERY_VERDICT:
        weight = verdict_weight(verdicts, SETTINGS.weights)
        for segments in (["Software"] * 2, ["Software"] * 2 + ["Fintech"] * 40):
            readings = monitor_play(segments, [weight] + [0.0] * (len(segments) - 1), 1e-6, SETTINGS,
                                    complaints=[True] + [False] * (len(segments) - 1))
            assert not readings.paused_segments and not readings.play_paused, (verdicts, readings)


def test_two_angry_replies_in_a_segment_of_two_pause_it():
    weight = verdict_weight({"not_interested", "hostile", "complaint"}, SETTINGS.weights)
    readings = monitor_play(["Software"] * 2 + ["Fintech"] * 40, [weight, weight] + [0.0] * 40, 0.06, SETTINGS,
                            complaints=[True, True] + [False] * 40)
    assert readings.paused_segments == ("Software",), readings
    assert not readings.play_paused

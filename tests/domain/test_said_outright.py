"""The one reading of a sentence the truth checks share: its sentences, those that ask nothing, the
clause around a claim and the condition words before it."""

from pathlib import Path

import pytest

from sdr_assets.domain import (adoption_stages, career_origins, how_things_stand, momentum_claims, prospect_plans,
                               said_outright, served_others, their_works)
from sdr_assets.domain.said_outright import (CONDITIONS, SENTENCE_BREAKS, clause_end, clause_start, not_stated_after,
                                             statements)

CHECKS = (adoption_stages, career_origins, how_things_stand, momentum_claims, prospect_plans, served_others,
          their_works)


def test_a_question_states_nothing():
    assert list(statements("Your team grew fast. Did it ?\nIt did!")) == ["Your team grew fast.", "It did!"]


def test_a_clause_ends_at_a_mark_or_a_word_that_joins_another_on():
    sentence = "Demand is huge (they say), and your team is small; we can help"
    at = sentence.index("team")
    assert sentence[clause_start(sentence, at):clause_end(sentence, at)] == "your team is small"
    assert clause_start("your team", 5) == 0 and clause_end("your team", 5) == len("your team")


@pytest.mark.parametrize("check", CHECKS, ids=lambda module: module.__name__.rsplit(".", 1)[1])
@pytest.mark.parametrize("word", CONDITIONS)
def test_every_check_reads_a_claim_after_a_condition_as_not_stated(check, word):
    assert check._NOT_STATED.search(f"{word.capitalize()} your team is growing fast")


def test_a_check_s_own_words_are_whole_words_in_any_case_with_any_spaces_between():
    own = not_stated_after("in case", "help")
    assert own.search("just IN \t case it helps") and own.search("we Help teams") and own.search("iF so")
    assert not own.search("incase it helps, a hint: iffy helpers") and not own.search("in-case")


def test_the_sentence_and_clause_breaks_are_written_in_said_outright_alone():
    sources = {path.name: path.read_text() for path in Path(said_outright.__file__).parent.glob("*.py")}
    for pattern in (SENTENCE_BREAKS.pattern, said_outright._CLAUSE_BREAKS.pattern):
        assert [name for name, source in sources.items() if f'r"{pattern}"' in source] == ["said_outright.py"]

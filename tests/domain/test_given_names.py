"""The shipped given names that are also words are faker's English first names that the subject
check reads as ordinary words: a faker upgrade or a change to the English words names what to ship
again. Faker's list is read in a child process, so the suite never imports it (``test_bytecode``)."""

import subprocess
import sys

from sdr_assets.domain.address_lines import ordinary_word
from sdr_assets.domain.given_names import NAME_WORDS

_FIRST_NAMES = "from faker.providers.person.en import Provider; print('\\n'.join(Provider.first_names))"


def test_the_shipped_names_are_fakers_english_first_names_that_are_words():
    listed = subprocess.run([sys.executable, "-c", _FIRST_NAMES], capture_output=True, text=True, check=True)
    names = {name.casefold() for name in listed.stdout.split()}
    derived = {name for name in names if ordinary_word(name)}
    assert len(names) > 1000
    assert sorted(derived - NAME_WORDS) == [], "ship these in given_names.py"
    assert sorted(NAME_WORDS - derived) == [], "remove these from given_names.py"
    assert "faker.providers.person.en" not in sys.modules

"""Two spellings of one name that ``name_key`` compares alike ('Jürgen Weiß' and 'JÜRGEN WEISS', a Greek
name in capitals with its final sigma 'Σ' and in lower case with 'ς') join her two addresses at the account
in the warehouse as in ``linked_people``: the SQL pre-filter keeps every pair the Python key would join.
Before, the pre-filter lower-cased where the key case-folds, so 'ß' was not 'ss' nor 'ς' 'σ': the pair never
reached ``linked_people`` and her unsubscribe at one address left the other mailed."""

from __future__ import annotations

import pytest

from sdr_assets.domain.sequencing import linked_people, name_key
from sdr_assets.shared_profiles import people
from tests.test_name_spelled_with_or_without_accents import _warehouse

OLD, NEW = "old@acme.example", "new@acme.example"


@pytest.mark.parametrize(("before", "after"), [("JÜRGEN WEISS", "Jürgen Weiß"), ("Jürgen Weiß", "Jurgen Weiss"),
                                               ("ΝΙΚΟΣ ΠΑΠΑΣ", "Νίκος Παπάς")])
def test_her_name_at_the_account_joins_her_addresses_as_the_key_compares_it(before, after):
    rows = [(OLD, None, before), (NEW, None, after)]
    assert name_key(before) == name_key(after)
    expected = linked_people([{"contact_email": e, "contact_name": n, "company_domain": "acme.example",
                               "current": e == NEW} for e, _, n in rows])
    assert expected == {OLD: NEW, NEW: NEW}
    assert people(_warehouse(rows, NEW)).threads == expected

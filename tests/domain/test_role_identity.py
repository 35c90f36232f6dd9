"""One role worded two ways names one event; two roles stay two, however close their words."""

import pytest

from sdr_assets.domain.role_identity import canonical_role

SAME = [
    ("Sr. Account Executive", "Senior Account Executive"),
    ("Senior AE", "Senior Account Executive"),
    ("VP Sales", "Vice President, Sales"),
    ("VP of Sales", "Vice-President Sales"),
    ("Sales VP", "VP, Sales"),
    ("Head of RevOps", "Head of Revenue Operations"),
    ("Head of Rev Ops", "head of revenue operations"),
    ("Director of Sales", "Sales Director"),
    ("Manager, Sales", "Sales Manager"),
    ("Senior Manager, Sales", "Sr Sales Mgr"),
    ("Account Executive, Enterprise", "Enterprise Account Executive"),
    ("Account Executive (Senior)", "Senior Account Executive"),
    ("SDR", "Sales Development Rep"),
    ("SVP Sales & Marketing", "Senior Vice President, Sales and Marketing"),
    ("EVP, Sales", "Executive Vice President of Sales"),
    ("CRO", "Chief Revenue Officer"),
    ("  Data   Engineer ", "data engineer"),
    ("Director, Senior Living", "Director of Senior Living"),
    ("Senior Director, Senior Living", "Sr. Director of Senior Living"),
    ("Manager Senior, Sales", "Senior Sales Manager"),
    ("Sr. C# Developer", "Senior C# Developer"),
    ("Node.js Developer", "Node JS Developer"),
    ("Sales, SVP", "SVP Sales"),
    ("Senior Living Director", "Director, Senior Living"),
    ("Senior Living, Head", "Head of Senior Living"),
    ("Sales, Head", "Head of Sales"),
]
APART = [
    ("Account Executive", "Senior Account Executive"),
    ("Sales Manager", "Sales Development Manager"),
    ("Head of Sales", "Sales Lead"),
    ("Head of RevOps", "RevOps Lead"),
    ("VP Sales", "VP Marketing"),
    ("VP Sales", "SVP Sales"),
    ("VP Sales", "EVP Sales"),
    ("Senior Account Executive", "Junior Account Executive"),
    ("Sales Director", "Sales Manager"),
    ("Enterprise Account Executive", "Account Executive"),
    ("Data Engineer", "Senior Data Engineer"),
    ("Chief of Staff", "Staff Engineer"),
    ("Senior Director, Senior Living", "Director, Senior Living"),
    ("Senior Living Director", "Senior Director, Living"),
    ("Senior Manager, Senior Care Partnerships", "Manager, Senior Care Partnerships"),
    ("Senior Manager, Care Partnerships", "Manager, Senior Care Partnerships"),
    ("C++ Developer", "C Developer"),
    ("C# Developer", "C Developer"),
    ("C++ Developer", "C# Developer"),
    ("F# Developer", "C# Developer"),
]


@pytest.mark.parametrize(("one", "other"), SAME)
def test_one_role_worded_two_ways_has_one_canonical_form(one, other):
    assert canonical_role(one) == canonical_role(other)


@pytest.mark.parametrize(("one", "other"), APART)
def test_two_roles_keep_two_canonical_forms(one, other):
    assert canonical_role(one) != canonical_role(other)


def test_the_canonical_form_is_lower_case_single_spaced_and_stable():
    for one, other in SAME + APART:
        for title in (one, other):
            form = canonical_role(title)
            assert form == form.lower() == " ".join(form.split()) and canonical_role(form) == form
    assert canonical_role(None) == canonical_role("") == ""

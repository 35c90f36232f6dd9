"""An address already in canonical form skips the validator, and the validator would have said the same.

``is_plain_canonical`` lets the common address through without ``email_validator``: the property
asks the validator about every address it lets through (generated close to its edges: upper case,
double hyphens, Punycode, special-use names, long labels and parts) and expects the address back
unchanged. ``SDR_PROPERTY_EXAMPLES`` scales the number of cases (default 150).
"""

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from sdr_assets.domain.addresses import canonical_address, is_plain_canonical, validated_address

EXAMPLES = int(os.environ.get("SDR_PROPERTY_EXAMPLES", "150"))
LONG_LOCALS = [f"{'a' * 32}.{'b' * 31}", f"{'a' * 32}.{'b' * 32}", "a" * 64, "a" * 65]
LOCAL = st.one_of(st.from_regex(r"[a-zA-Z0-9_+.-]{1,70}", fullmatch=True), st.sampled_from(LONG_LOCALS))
LABEL = st.one_of(st.from_regex(r"[a-z0-9-]{1,70}", fullmatch=True),
                  st.sampled_from(["xn--bcher-kva", "xn--zz", "ab--c", "a" * 63, "a" * 64]))
TLD = st.one_of(st.sampled_from(["example", "com", "local", "test", "localhost", "invalid", "onion", "arpa", "io", "x",
                                 "a" * 63, "a" * 64, "xn--p1ai", "c0m"]),
                st.from_regex(r"[a-z]{2,8}", fullmatch=True))


@settings(max_examples=EXAMPLES, deadline=None)
@given(local=LOCAL, labels=st.lists(LABEL, min_size=1, max_size=5), tld=TLD)
def test_an_address_let_through_is_what_the_validator_gives(local, labels, tld):
    address = f"{local}@{'.'.join([*labels, tld])}"
    if is_plain_canonical(address):
        assert validated_address(address) == address


def test_the_common_address_is_let_through_and_the_rest_still_validated():
    assert is_plain_canonical("cameron.tran@bluehub-works.example")
    assert not is_plain_canonical("Cameron.Tran@bluehub-works.example")
    assert canonical_address(" Cameron.Tran@Bluehub-Works.example ") == "cameron.tran@bluehub-works.example"
    too_long = f"{'a' * 60}@{'.'.join(['b' * 63] * 3)}.example"  # 259 characters, over the 254 an address may have
    for refused in ("a@b.local", "a..b@c.example", "a@xn--zz.example", f"{'a' * 65}@c.example", "a@c.test",
                    f"{'a' * 32}.{'b' * 32}@c.example", too_long):
        assert not is_plain_canonical(refused), refused

"""A DKIM selector changed without its key is a rotation half done, not a choice to send unsigned:
while the key folder holds the key of another selector (signing was set up) and none at the selector's
path, the send step sends nothing and says which selector lacks its key and how to make it. Once the
key is made, every message is signed under the new selector. A folder with no key at all still sends
unsigned, as before."""

from pathlib import Path

from tests.test_dkim_sending import ADDRESSES, Delivery, _create_key, _send, _statuses, delivery  # noqa: F401
from tests.send_world import World


def test_a_selector_changed_without_its_key_sends_nothing_unsigned(delivery):  # noqa: F811
    world = delivery.world
    old = Path(str(delivery.transport().dkim_key_path))
    _create_key(old)
    rotated = delivery.transport(SDR_DKIM_SELECTOR="s2027")
    new = Path(str(rotated.dkim_key_path))
    assert new != old and not new.exists()

    why = _send(world, rotated, SDR_DKIM_SELECTOR="s2027")

    assert delivery.raws() == [], "mail went out unsigned after the selector was changed"
    assert why is not None and why.startswith("Nothing sent. "), why
    assert "s2027" in why and "sdr dkim init" in why and "\n" not in why, why
    assert world.ledger() == []

    _create_key(new)
    assert _send(world, delivery.transport(SDR_DKIM_SELECTOR="s2027"), SDR_DKIM_SELECTOR="s2027") is None
    assert _statuses(world) == ["sent"] * len(ADDRESSES)
    assert all(b"; s=s2027;" in raw.replace(b"\r\n\t", b" ").replace(b"\n\t", b" ") for raw in delivery.raws())


def test_a_folder_without_any_key_still_sends_unsigned(tmp_path):
    world = World(tmp_path, ADDRESSES)
    world.decide("approve")
    delivery = Delivery("maildir", world)

    assert _send(world, delivery.transport(SDR_DKIM_SELECTOR="s2027"), SDR_DKIM_SELECTOR="s2027") is None
    assert len(delivery.raws()) == len(ADDRESSES)
    assert not any(b"DKIM-Signature:" in raw for raw in delivery.raws())

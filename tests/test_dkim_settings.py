"""The DKIM settings: a selector that names no DNS record, or a signing domain that is no domain name,
is refused by name in one line before anything is built, by `sdr dkim` as by every other command;
`sdr dkim` refuses a public suffix as the signing domain too."""

import pytest

from resources.defaults import build_resources
from resources.setting import SettingError
from sdr_assets import cli

BAD = {
    "selector with a space": ("SDR_DKIM_SELECTOR", "bad sel"),
    "selector with a tag separator": ("SDR_DKIM_SELECTOR", "sdr; d=evil.example"),
    "selector with an empty label": ("SDR_DKIM_SELECTOR", "2026..sdr"),
    "domain with a space": ("SDR_DKIM_DOMAIN", "outreach example"),
    "domain with a tag separator": ("SDR_DKIM_DOMAIN", "outreach.example; s=evil"),
    "sending domain signed for by default": ("SDR_SENDING_DOMAIN", "outreach"),
}
# Refused by `sdr dkim` and by the send step's probe (test_dkim_sending), not by every command: the
# public suffix list is read only where a signature or a record is made.
SUFFIXES = {
    "domain that is a public suffix": ("SDR_DKIM_DOMAIN", "co.uk"),
    "domain that is a private public suffix": ("SDR_DKIM_DOMAIN", "github.io"),
    "sending domain signed for by default, a public suffix": ("SDR_SENDING_DOMAIN", "co.uk"),
}


def _env(tmp_path, **settings: str) -> dict[str, str]:
    return {"SDR_DATA_DIR": str(tmp_path), "SDR_POSTAL_ADDRESS": "1 Test Street", **settings}


@pytest.mark.parametrize(("name", "value"), BAD.values(), ids=BAD.keys())
def test_a_dkim_setting_no_signature_could_carry_is_refused_by_name(tmp_path, name, value):
    with pytest.raises(SettingError, match=f"^{name}") as refused:
        build_resources(_env(tmp_path, **{name: value}))
    assert repr(value) in str(refused.value)


def test_a_dotted_selector_and_an_international_domain_are_taken(tmp_path):
    """RFC 6376 3.1: a selector may have several labels, as `2026.sdr`."""
    mail = build_resources(_env(tmp_path, SDR_DKIM_SELECTOR="2026.sdr", SDR_DKIM_DOMAIN="Bücher.example"))["mail"]
    assert mail.dkim_key_path == str(tmp_path / "dkim" / "2026.sdr.private.pem")
    assert mail.dkim_selector == "2026.sdr" and mail.dkim_domain == "Bücher.example"


@pytest.mark.parametrize("command", ["init", "record"])
@pytest.mark.parametrize(("name", "value"), [BAD["selector with a space"], BAD["domain with a tag separator"],
                                             BAD["sending domain signed for by default"], *SUFFIXES.values()])
def test_sdr_dkim_refuses_a_bad_setting_in_one_line_and_makes_no_key(tmp_path, monkeypatch, capsys, command, name,
                                                                     value):
    for key, setting in _env(tmp_path, **{name: value}).items():
        monkeypatch.setenv(key, setting)
    with pytest.raises(SystemExit) as exited:
        cli.main(["dkim", command])
    assert exited.value.code == 1
    out = capsys.readouterr()
    assert out.err.startswith(f"error: {name}") and out.err.count("\n") == 1 and out.out == "", out
    assert "Traceback" not in out.err and not (tmp_path / "dkim").exists()

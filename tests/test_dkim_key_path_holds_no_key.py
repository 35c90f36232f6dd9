"""`sdr dkim` with something at the key's path that is no key it can use (a link to a key whose
mount is gone, a folder, a damaged key): `init` says so in one line and exits 1, never that it kept an existing key,
and `record` says so in one line, with no traceback and no loop between the two."""

import os

import pytest

from sdr_assets import cli

KINDS = ["dangling link", "folder", "damaged key"]


def _at_key_path(tmp_path, kind: str):
    path = tmp_path / "dkim" / "sdr.private.pem"
    path.parent.mkdir(parents=True)
    if kind == "dangling link":
        os.symlink(tmp_path / "secrets" / "sdr.private.pem", path)
    elif kind == "damaged key":
        path.write_bytes(b"-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n")
    else:
        path.mkdir()
    return path


def _run(monkeypatch, capsys, tmp_path, command: str):
    monkeypatch.setenv("SDR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SDR_POSTAL_ADDRESS", "1 Test Street")
    with pytest.raises(SystemExit) as exited:
        cli.main(["dkim", command])
    return exited.value.code, capsys.readouterr()


@pytest.mark.parametrize("kind", KINDS)
def test_init_does_not_claim_to_keep_a_key_that_is_not_there(tmp_path, monkeypatch, capsys, kind):
    path = _at_key_path(tmp_path, kind)
    code, out = _run(monkeypatch, capsys, tmp_path, "init")
    assert "Kept the existing DKIM key" not in out.out, out.out
    assert code == 1 and out.err.startswith("error: ") and str(path) in out.err, out
    assert out.err.count("\n") == 1 and "move it aside" in out.err, out.err


@pytest.mark.parametrize("kind", KINDS)
def test_record_says_in_one_line_why_the_key_cannot_be_read(tmp_path, monkeypatch, capsys, kind):
    path = _at_key_path(tmp_path, kind)
    code, out = _run(monkeypatch, capsys, tmp_path, "record")
    assert code == 1 and out.err.startswith("error: ") and str(path) in out.err, out
    assert out.err.count("\n") == 1 and "Traceback" not in out.err and out.out == "", out
    assert "move it aside" in out.err, "init keeps what is there: 'run sdr dkim init' alone is no way out"

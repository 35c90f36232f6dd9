"""A maildir's position now: the keys it holds, read from its listing alone."""

import mailbox

from resources.mailbox import MaildirMailbox


def test_the_position_now_reads_no_message_and_later_mail_is_read_from_it(tmp_path, monkeypatch):
    box = mailbox.Maildir(tmp_path / "replies", create=True)
    for n in range(3):
        box.add(f"Subject: earlier {n}\n\nbody\n".encode())
    reader = MaildirMailbox(path=str(tmp_path / "replies"))

    def read(self, key):
        raise AssertionError(f"message {key} read for a position")

    with monkeypatch.context() as patched:
        patched.setattr(mailbox.Maildir, "get_bytes", read)
        cursor = reader.position_now()
    later = box.add(b"Subject: later\n\nbody\n")
    assert [key for key, _ in reader.fetch_new(cursor)[0]] == [later]


def test_a_maildir_not_made_yet_has_no_position(tmp_path):
    assert MaildirMailbox(path=str(tmp_path / "none")).position_now() is None

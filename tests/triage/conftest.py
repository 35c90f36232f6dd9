from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="session")
def mail_dir() -> Path:
    return FIXTURES / "mail"


@pytest.fixture(scope="session")
def reply_emails_dir() -> Path:
    return FIXTURES / "replies" / "email_reply_parser" / "test" / "emails"

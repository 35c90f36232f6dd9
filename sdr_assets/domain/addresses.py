"""Address validation: an invalid address never reaches a mail server."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email


class InvalidAddressError(ValueError):
    pass


def normalise_address(address: str) -> str:
    """Return the normalised address or raise InvalidAddressError with the reason.

    Reserved test domains (``*.example``) are accepted so the demo world is valid yet can never
    reach a real mailbox; a domain must still have a dot.
    """
    try:
        result = validate_email(
            (address or "").strip(), check_deliverability=False, globally_deliverable=False
        )
    except EmailNotValidError as exc:
        raise InvalidAddressError(f"{address!r}: {exc}") from None
    if "." not in result.domain:
        raise InvalidAddressError(f"{address!r}: the domain has no dot")
    return result.normalized.lower()


def is_valid_address(address: str) -> bool:
    try:
        normalise_address(address)
    except InvalidAddressError:
        return False
    return True

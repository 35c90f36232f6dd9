"""A sentence said inside an approved template, checked by the verifier against that template's grounds."""

from sdr_assets.domain.verifier import Bounds, verify_draft
from sdr_assets.verifier_eval import request_for


def reasons_with(context: dict, said: str, slot: str) -> tuple[str, ...]:
    """The verifier's reasons for ``context``'s template (facts, subject, body) with ``said`` written in
    place of ``{said}``; the grounds are the template's without it (``slot``: what the template loses
    with it, the field and the space or lines around it)."""
    request = request_for({**context, "body": context["body"].replace(slot, "")})
    facts = context["facts"]
    body = context["body"].replace("{said}", said.replace("{", "{{").replace("}", "}}")).format(**facts)
    return verify_draft(context["subject"].format(**facts), body, request.grounds(), first_touch=True,
                        bounds=Bounds(), roles=request.roles())

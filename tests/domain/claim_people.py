"""The contacts and facts of the three signals the claim-subject tests draft for, and the verifier's
reasons for an approved template with one sentence added after its greeting."""

from sdr_assets.domain.drafting import DraftRequest
from sdr_assets.domain.verifier import Bounds, verify_draft

LEADERSHIP = {"first_name": "Dana", "last_name": "Park", "title": "VP Sales", "company_name": "Acme Robotics",
              "industry": "Software", "person": "Maria Lopez", "new_role": "VP Marketing",
              "why_now": "a new VP Marketing just joined", "sender_name": "Jordan Lee"}
FUNDING = {"first_name": "Maya", "last_name": "Chen", "title": "CEO", "company_name": "Blueio",
           "industry": "Fintech", "round": "Series B", "amount": "$25M", "lead_investor": "Index Ventures",
           "why_now": "you just raised a Series B", "sender_name": "Sam Carter"}
HIRING = {"first_name": "Tom", "last_name": "Okafor", "title": "VP Sales", "company_name": "Larkspur Analytics",
          "industry": "Software", "role": "Head of Revenue Operations", "openings": "2",
          "why_now": "you're hiring a Head of Revenue Operations", "sender_name": "Sam Carter"}


def reasons_with(request: DraftRequest, sentence: str, joint: str = "\n\n") -> tuple[str, ...]:
    """The verifier's reasons for ``request``'s draft with ``sentence`` after its greeting, as its own
    paragraph (or opening the next one, with ``joint=" "``)."""
    subject, body = request.rendered()
    first, _, rest = body.partition("\n\n")
    return verify_draft(subject, f"{first}\n\n{sentence}{joint}{rest}", request.grounds(), first_touch=True,
                        bounds=Bounds(), roles=request.roles())

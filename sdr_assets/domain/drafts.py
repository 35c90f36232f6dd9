"""Every step of a play's sequence drafted for every researched account, verified, with its facts."""

import hashlib
import json
from collections.abc import Callable

from sdr_assets.domain.collection import no_cycle_collection
from sdr_assets.domain.drafting import HELD, DraftRequest, DraftText, MissingFactError, choose_variant, settle
from sdr_assets.domain.facts import Fact, facts_from_json
from sdr_assets.domain.plays import Play
from sdr_assets.domain.review import pick_review_sample
from sdr_assets.domain.verifier import Bounds, bounds_of

LINKEDIN_BOUNDS = Bounds(min_words=3, max_words=60, max_subject_chars=0)
# A draft's fields taken from research that its id does not cover: a kept draft takes them again.
ANGLE_FIELDS = ("company_domain", "contact_name", "linkedin_url", "signal_type", "fit")
# Its research's signal and why-now, which the send step asks again (``domain/timeliness``): a kept
# draft stored before it carried them takes them too.
RESEARCH_SIGNAL_FIELDS = ("signal_id", "why_now")


def _step_templates(play: Play, step: dict, variant_id: str) -> tuple[str, str]:
    if step["channel"] == "linkedin":
        return "", str(step.get("note", ""))
    if "body" in step:
        return str(step.get("subject", "")), str(step["body"])
    variant = next(v for v in play.variants if v["id"] == variant_id)
    return str(variant["subject"]), str(variant["body"])


def _draft_id(play: Play, angle: dict, number: int) -> str:
    version = play.content_sha256 or play.version_hash  # the whole digest: a short hash may be shared
    basis = f"{play.name}|{version}|{angle['contact_email']}|{number}|{angle['facts']}|{angle.get('angle', '')}"
    return hashlib.sha256(basis.encode()).hexdigest()[:24]


def draft_rows(play: Play, angles: list[dict], write: Callable[[list[DraftRequest]], list[DraftText | None]],
               existing: dict[str, dict] | None = None, again: frozenset[str] = frozenset()) -> tuple[list[dict], int]:
    """Every step of the sequence for every researched account, verified; and how many wait for the next run.

    ``write`` turns the email requests into texts, ``None`` for one that must wait (the model's budget).

    A draft already stored for the same play version, facts and angle keeps its text and verdict,
    and takes the contact's fields (``ANGLE_FIELDS``) from today's research: only new or changed
    drafts are written (and only those can cost a model call). One of ``again`` (stored ids the
    model did not answer for) is written again, and kept as stored while it waits.
    """
    existing = existing or {}
    with no_cycle_collection():
        rows, asks = _requests(play, angles, {k: v for k, v in existing.items() if k not in again})
    texts = write([r for _, r in asks]) if asks else []
    with no_cycle_collection():
        pending = 0
        for (row, _), text in zip(asks, texts, strict=True):
            if text is None:
                pending += 1
                if stored := existing.get(row["draft_id"]):
                    rows.append({**stored, **{f: row[f] for f in (*ANGLE_FIELDS, *RESEARCH_SIGNAL_FIELDS)}})
                continue
            _apply(row, text)
            rows.append(row)
        sample = set(pick_review_sample([r for r in rows if r["step"] == 1], play.review_sample_size))
        for row in rows:
            row["is_review_sample"] = row["contact_email"] in sample
    return rows, pending


def _requests(play: Play, angles: list[dict], existing: dict[str, dict]
              ) -> tuple[list[dict], list[tuple[dict, DraftRequest]]]:
    """Rows kept or settled without the writer (stored, held for a missing fact, LinkedIn notes), and the
    email rows with the requests the writer is asked for."""
    variant_ids = [str(v["id"]) for v in play.variants]
    sender = Fact("play.sender_name", "sender_name", str(play.sender.get("name", "")), "name", "play file")
    bounds = bounds_of(play.research)
    rows: list[dict] = []
    asks: list[tuple[dict, DraftRequest]] = []
    for angle in angles:
        ids = [_draft_id(play, angle, number) for number in range(1, len(play.sequence) + 1)]
        research = _from_research(angle)
        if all(draft_id in existing for draft_id in ids):  # every step kept: its facts are not read
            rows.extend({**existing[draft_id], **research} for draft_id in ids)
            continue
        facts = (*facts_from_json(angle["facts"]), sender)
        variant_id = choose_variant(variant_ids, f"{play.name}|{angle['contact_email']}")
        for (number, step), draft_id in zip(enumerate(play.sequence, start=1), ids, strict=True):
            if draft_id in existing:
                rows.append({**existing[draft_id], **research})
                continue
            subject_t, body_t = _step_templates(play, step, variant_id)
            row = {
                "draft_id": draft_id, "play": play.name, "play_version": play.version_hash,
                "play_content": play.content_sha256, "contact_email": angle["contact_email"],
                **research, "step": number, "channel": step["channel"],
                "delay_days": int(step.get("delay_days", 0)), "variant": variant_id,
                "missing_facts": "", "is_review_sample": False, "fact_ids": "[]", "verifier_reasons": "[]",
            }
            email = step["channel"] == "email"
            request = DraftRequest(play.name, variant_id, subject_t, body_t, facts, angle["research_instructions"],
                                   step=number, angle=str(angle.get("angle") or ""),
                                   bounds=bounds if email else LINKEDIN_BOUNDS)
            try:
                request.rendered()
            except MissingFactError as exc:
                row.update(subject="", body="", grounded=False, generated_by="none", verdict=HELD,
                           missing_facts=str(exc).strip("'"),
                           verifier_reasons=json.dumps([f"missing facts: {str(exc).strip(chr(39))}"]))
                rows.append(row)
                continue
            if email:
                asks.append((row, request))
            else:
                _apply(row, settle(request))
                rows.append(row)
    return rows, asks


def _from_research(angle: dict) -> dict:
    """The draft's fields its research gives, a kept draft's too."""
    return {**{field: angle[field] for field in ANGLE_FIELDS},
            **{field: angle.get(field) for field in RESEARCH_SIGNAL_FIELDS}}


def _apply(row: dict, text: DraftText) -> None:
    row.update(subject=text.subject, body=text.body, grounded=text.grounded, generated_by=text.generated_by,
               verdict=text.verdict, fact_ids=json.dumps(list(text.fact_ids)),
               verifier_reasons=json.dumps(list(text.reasons)))

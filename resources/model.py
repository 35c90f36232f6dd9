"""Model clients: an OpenAI-compatible endpoint, or a deterministic offline drafter."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod

import dagster as dg
import httpx

from sdr_assets.domain.drafting import DraftRequest, DraftText, render_request, ungrounded_terms
from sdr_assets.triage.labels import SUB_REASONS, checked_model_answer, is_unsubscribe
from sdr_assets.triage.result import LABELS

RESPONSE_OPENERS = {
    "interested": "Thanks {first_name}, glad this is timely. Here are two slots that could work: "
    "{slots}. If neither suits, send me a time and I'll make it work.",
    "question": "Good question, {first_name}. Let me answer it properly rather than guess: "
    "I'll confirm the details and come back to you today.",
    "objection": "Understood, {first_name}, and thanks for saying so plainly. {objection_line}",
    "wrong_person": "Thanks {first_name}, that helps. Would you be comfortable introducing me to "
    "{referral}, or shall I reach out and mention you pointed me their way?",
}
OBJECTION_LINES = {
    "timing": "Would it help if I checked back next quarter, when the timing is better?",
    "budget": "If budget is the blocker, I can share how similar teams phased this in.",
    "has_solution": "Most teams we work with ran something similar before; happy to share how they compared.",
    "other": "If it is useful, I can send a two-line summary for later.",
}


class ModelClient(dg.ConfigurableResource, ABC):
    """Writes grounded drafts and suggested responses."""

    @abstractmethod
    def write_draft(self, request: DraftRequest) -> DraftText: ...

    def suggest_response(self, label: str, sub_reason: str | None, first_name: str, referral: str | None) -> str:
        opener = RESPONSE_OPENERS.get(label, "Thanks {first_name}, I'll follow up shortly.")
        return opener.format(
            first_name=first_name or "there",
            slots="Tuesday 10:00 or Thursday 15:00",
            objection_line=OBJECTION_LINES.get(sub_reason or "other", OBJECTION_LINES["other"]),
            referral=referral or "the right colleague",
        )

    def reply_labeller(self):
        """A callable for triage, or None to use the offline labeller."""
        return None


class OfflineModel(ModelClient):
    """Deterministic: fills the approved template from researched facts, nothing else."""

    def write_draft(self, request: DraftRequest) -> DraftText:
        subject, body = render_request(request)
        return DraftText(subject=subject, body=body, generated_by="offline-template", grounded=True)


class OpenAICompatibleModel(ModelClient):
    """Any OpenAI-compatible chat endpoint (OpenAI, vLLM, Ollama).

    The model may only rephrase the rendered template; a draft that states a number or name that
    is not in the facts falls back to the template and is flagged.
    """

    base_url: str
    api_key: str = "not-needed"
    model: str = "gpt-4o-mini"
    timeout_seconds: float = 30.0

    def _client(self, transport: httpx.BaseTransport | None = None):
        from openai import OpenAI

        http_client = httpx.Client(transport=transport, timeout=self.timeout_seconds) if transport else None
        return OpenAI(base_url=self.base_url, api_key=self.api_key, http_client=http_client, max_retries=2)

    def write_draft(self, request: DraftRequest, transport: httpx.BaseTransport | None = None) -> DraftText:
        subject, body = render_request(request)
        prompt = (
            "Rewrite this sales email so it reads naturally. Use ONLY the facts given; do not add "
            "numbers, names, claims or links that are not in the facts. Keep it under 120 words. "
            'Answer as JSON: {"subject": ..., "body": ...}.\n'
            f"Instructions: {request.instructions}\nFacts: {json.dumps(request.facts)}\n"
            f"Subject: {subject}\nBody:\n{body}"
        )
        completion = self._client(transport).chat.completions.create(
            model=self.model,
            messages=[{"role": "user", "content": prompt}],
            temperature=0,
            response_format={"type": "json_object"},
        )
        try:
            answer = json.loads(completion.choices[0].message.content or "{}")
            new_subject, new_body = str(answer["subject"]), str(answer["body"])
        except (ValueError, KeyError, TypeError):
            return DraftText(subject, body, f"template (unparseable answer from {self.model})", True)
        stray = ungrounded_terms(f"{new_subject}\n{new_body}", request)
        if stray:
            return DraftText(subject, body, f"template ({self.model} added ungrounded terms)", True, stray)
        return DraftText(new_subject, new_body, f"openai:{self.model}", True)

    def reply_labeller(self, transport: httpx.BaseTransport | None = None):
        """``(visible_text) -> (label, sub_reason, confidence)`` asking the chat endpoint.

        The offline unsubscribe rule wins without a call. An answer outside the project's labels,
        an unparseable answer or a failed call falls back to the offline labeller, flagged for
        review (confidence under the threshold).
        """
        client = self._client(transport)
        instructions = (
            "Classify this reply to a sales email. Choose exactly one label from "
            f"{list(LABELS)}; for 'objection' also choose a sub_reason from {list(SUB_REASONS)}, "
            "otherwise sub_reason is null. Give your confidence between 0 and 1. "
            'Answer as JSON: {"label": ..., "sub_reason": ..., "confidence": ...}.'
        )

        def label(visible_text: str) -> tuple[str, str | None, float]:
            if is_unsubscribe(visible_text):
                return checked_model_answer(None, visible_text)
            try:
                completion = client.chat.completions.create(
                    model=self.model,
                    messages=[{"role": "system", "content": instructions},
                              {"role": "user", "content": visible_text[:4000]}],
                    temperature=0,
                    response_format={"type": "json_object"},
                )
                answer = json.loads(completion.choices[0].message.content or "{}")
            except Exception:  # network, HTTP or JSON trouble: the offline labeller decides
                answer = None
            return checked_model_answer(answer, visible_text)

        return label

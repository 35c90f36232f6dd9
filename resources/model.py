"""Model clients: an OpenAI-compatible endpoint, or a deterministic offline writer.

Both produce the same things: account angles, draft texts and suggested answers, each verified
against the researched facts. What the model writes is a candidate; the verifier decides, and a
candidate that fails gives way to the approved template (or is held).
"""

from __future__ import annotations

import json
import urllib.request
from abc import ABC, abstractmethod

import dagster as dg
import httpx
from pydantic import PrivateAttr

from resources.http_deadline import DeadlineTransport
from resources.model_stage import OK, PENDING, Budget, ModelCall, ModelStage, ResponseCache
from resources.tls import http_context
from sdr_assets.domain.answers import ANSWER_TOKENS, answer_messages, checked_answer, fallback_answer, model_answers
from sdr_assets.domain.angles import Angle, angle_reasons, offline_angle
from sdr_assets.domain.collection import no_cycle_collection
from sdr_assets.domain.drafting import CALL_FAILED, Candidate, DraftRequest, DraftText, settle
from sdr_assets.domain.facts import Fact
from sdr_assets.domain.prompts import (
    ANGLE_FORMAT, DRAFT_FORMAT, SUGGESTION_FORMAT, AnswerError, angle_messages, draft_messages, parse_answer,
)
from sdr_assets.domain.verifier import DEFAULT_MODE
from sdr_assets.domain.writer import OFFLINE_IDENTITY, model_identity
from sdr_assets.triage.labels import SUB_REASONS, checked_model_answer, is_unsubscribe
from sdr_assets.triage.result import LABELS

class ModelClient(dg.ConfigurableResource, ABC):
    """Writes angles, drafts and suggested answers; every text is verified before it is stored."""

    booking_url: str = ""
    verifier_mode: str = DEFAULT_MODE

    @abstractmethod
    def identity(self) -> dict[str, str]: ...

    @abstractmethod
    def write_drafts(self, requests: list[DraftRequest], cache: ResponseCache | None = None) -> list[DraftText | None]:
        """One verified text per request, or None when the run's budget left it for the next run."""

    def write_angles(self, jobs: list[tuple[str, str, list[Fact]]], cache: ResponseCache | None = None) -> list[Angle]:
        """One angle per (play, instructions, facts)."""
        with no_cycle_collection():
            return [offline_angle(facts) for _, _, facts in jobs]

    def suggest_response(self, label: str, sub_reason: str | None, first_name: str, referral: str | None, *,
                         thread: str = "", facts: list[Fact] | None = None, play_description: str = "",
                         cache: ResponseCache | None = None, reply: str = "") -> str:
        """A suggested answer to an escalated reply (``reply``: its text), for a person to edit and send:
        the offline answer, the one a model's answer falls back to."""
        return fallback_answer(_ask(label, sub_reason, first_name, referral, thread, facts, play_description, reply),
                               self.booking_url)

    def suggest_responses(self, asks: list[dict], cache: ResponseCache | None = None) -> list[tuple[str, bool]]:
        """One answer per ask (``suggest_response``'s arguments) and whether it is final: an answer the
        model did not write (the run's budget left it, its call failed) is the offline one for now, to
        be asked again next run."""
        return [(self.suggest_response(**ask, cache=cache), True) for ask in asks]

    def reply_labeller(self, cache: ResponseCache | None = None):
        """A callable for triage, or None to use the offline labeller."""
        return None

    def stats(self) -> dict:
        return {}


class OfflineModel(ModelClient):
    """Deterministic: fills the approved template from researched facts, nothing else."""

    def identity(self) -> dict[str, str]:
        return dict(OFFLINE_IDENTITY)

    def write_drafts(self, requests: list[DraftRequest], cache: ResponseCache | None = None) -> list[DraftText | None]:
        with no_cycle_collection():
            return [settle(r, mode=self.verifier_mode) for r in requests]


class OpenAICompatibleModel(ModelClient):
    """Any OpenAI-compatible chat endpoint (OpenAI, vLLM, Ollama), used within limits.

    One SDK client serves the resource's run; calls go through a ``ModelStage`` (bounded
    concurrency, rate limits, retries with backoff, a per-run budget and the response cache). The
    budget is the run's: the research step and every play's drafts draw on the one allowance.
    """

    base_url: str
    api_key: str = "not-needed"
    model: str = "gpt-4o-mini"
    timeout_seconds: float = 30.0
    concurrency: int = 8
    requests_per_minute: float = 0
    tokens_per_minute: float = 0
    max_calls_per_run: int | None = None
    max_attempts: int = 4
    backoff_seconds: float = 0.5
    _sdk: object = PrivateAttr(default=None)
    _budget: Budget | None = PrivateAttr(default=None)
    _last_stats: dict = PrivateAttr(default_factory=dict)

    def identity(self) -> dict[str, str]:
        return model_identity(self.model, self.base_url)

    def client(self, transport: httpx.BaseTransport | None = None):
        """The run's SDK client; the timeout applies to connect, read and write alike."""
        if transport is not None:
            return self._new_client(transport)
        if self._sdk is None:
            self._sdk = self._new_client(None)
        return self._sdk

    def close(self) -> None:
        """Close the run's SDK client and its pooled connections; the next call opens a new one."""
        if self._sdk is not None:
            self._sdk.close()
            self._sdk = None

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        self.close()
        self._budget = None  # the next run has a budget of its own

    def _new_client(self, transport: httpx.BaseTransport | None):
        from openai import OpenAI

        timeout = httpx.Timeout(self.timeout_seconds)
        # Each answer is whole within the timeout, however its bytes trickle in (``http_deadline``). No
        # redirect is followed: a 307/308 would carry the prompt (prospect data) to a host no setting
        # names, and its answer would be drafted from an endpoint the approval never named.
        whole = DeadlineTransport(transport or _environment_transport(self.base_url), self.timeout_seconds)
        http_client = httpx.Client(transport=whole, timeout=timeout, follow_redirects=False)
        return OpenAI(base_url=self.base_url, api_key=self.api_key, timeout=timeout, max_retries=0,
                      http_client=http_client)

    def stage(self, cache: ResponseCache | None = None, transport: httpx.BaseTransport | None = None) -> ModelStage:
        if self._budget is None:
            self._budget = Budget(self.max_calls_per_run)
        return ModelStage(
            self.client(transport), self.model, self.identity(), concurrency=self.concurrency,
            requests_per_minute=self.requests_per_minute, tokens_per_minute=self.tokens_per_minute,
            max_calls=self.max_calls_per_run, max_attempts=self.max_attempts, backoff_seconds=self.backoff_seconds,
            cache=cache, budget=self._budget,
        )

    def stats(self) -> dict:
        return dict(self._last_stats)

    def write_drafts(self, requests: list[DraftRequest], cache: ResponseCache | None = None,
                     transport: httpx.BaseTransport | None = None) -> list[DraftText | None]:
        calls = []
        for r in requests:
            subject, body = r.rendered()
            calls.append(ModelCall(draft_messages(
                play=r.play, instructions=r.instructions, angle=r.angle, subject=subject, body=body,
                facts=r.facts, first_touch=r.step == 1, max_words=r.bounds.max_words), DRAFT_FORMAT))
        stage = self.stage(cache, transport)
        results = stage.run(calls)
        self._last_stats = stage.stats.as_dict()
        texts: list[DraftText | None] = []
        for request, result in zip(requests, results, strict=True):
            if result.status == PENDING:
                texts.append(None)
                continue
            if result.status != OK:
                # A truncated answer is the model's to this prompt; asking again would pay for it again.
                failure = f"model answer unusable: {result.error}" if result.answered else f"{CALL_FAILED}: {result.error}"
                texts.append(settle(request, failure=failure, mode=self.verifier_mode))
                continue
            try:
                answer = parse_answer(result.content, {"subject": str, "body": str, "fact_ids": list})
            except AnswerError as exc:
                texts.append(settle(request, failure=f"model answer unusable: {exc}", mode=self.verifier_mode))
                continue
            candidate = Candidate(answer["subject"], answer["body"], tuple(answer["fact_ids"]), f"openai:{self.model}")
            texts.append(settle(request, candidate, mode=self.verifier_mode))
        return texts

    def write_angles(self, jobs: list[tuple[str, str, list[Fact]]], cache: ResponseCache | None = None,
                     transport: httpx.BaseTransport | None = None) -> list[Angle]:
        calls = [ModelCall(angle_messages(play=p, instructions=i, facts=f), ANGLE_FORMAT, 300) for p, i, f in jobs]
        stage = self.stage(cache, transport)
        results = stage.run(calls)
        self._last_stats = stage.stats.as_dict()
        angles = []
        for (_, _, facts), result in zip(jobs, results, strict=True):
            fallback = offline_angle(facts)
            try:
                if result.status != OK:
                    raise AnswerError(f"model call {result.status}: {result.error}")
                answer = parse_answer(result.content, {"angle": str, "fact_ids": list})
                reasons = angle_reasons(answer["angle"], answer["fact_ids"], facts)
                if reasons:
                    raise AnswerError("; ".join(reasons))
                angles.append(Angle(" ".join(answer["angle"].split()), tuple(answer["fact_ids"]), f"openai:{self.model}"))
            except AnswerError as exc:
                angles.append(Angle(fallback.text, fallback.fact_ids, fallback.written_by, rejected=str(exc)))
        return angles

    def suggest_response(self, label: str, sub_reason: str | None, first_name: str, referral: str | None, *,
                         thread: str = "", facts: list[Fact] | None = None, play_description: str = "",
                         cache: ResponseCache | None = None, transport: httpx.BaseTransport | None = None,
                         reply: str = "") -> str:
        ask = _ask(label, sub_reason, first_name, referral, thread, facts, play_description, reply)
        return self.suggest_responses([ask], cache, transport)[0][0]

    def suggest_responses(self, asks: list[dict], cache: ResponseCache | None = None,
                          transport: httpx.BaseTransport | None = None) -> list[tuple[str, bool]]:
        """All of a run's answers through one stage: its concurrency, rate limits and budget hold for them
        together. A call the budget left, or that the model did not answer (an outage, a refused key),
        gets the offline answer, not final: the next run asks again. An answer the model gave is final,
        even one its check refused or that was cut short: asking again would pay for it again. A reply the
        model is not asked about (``model_answers``) gets the offline answer, final."""
        asked = [a for a in asks if model_answers(a)]
        calls = [ModelCall(answer_messages(a, self.booking_url), SUGGESTION_FORMAT, ANSWER_TOKENS) for a in asked]
        stage = self.stage(cache, transport)
        results = iter(stage.run(calls))
        self._last_stats = stage.stats.as_dict()
        answers = []
        for ask in asks:
            if not model_answers(ask):
                answers.append((fallback_answer(ask, self.booking_url), True))
                continue
            result = next(results)
            answers.append((checked_answer(ask, result.content if result.status == OK else None, self.booking_url,
                                           self.verifier_mode), result.status == OK or result.answered))
        return answers

    def reply_labeller(self, cache: ResponseCache | None = None, transport: httpx.BaseTransport | None = None):
        """``(visible_text) -> (label, sub_reason, confidence)`` asking the chat endpoint.

        The offline unsubscribe rule wins without a call, and a reply with nothing written of hers (one that only
        quotes our message) is asked of no model: the offline labeller hands it to a person, whatever a model would
        guess of it. An answer outside the project's labels, an unparseable answer or a failed call falls back to the
        offline labeller, flagged for review. Answers are cached, so a stored reply never goes to the model twice.
        """
        stage = self.stage(cache, transport)
        instructions = (
            "Classify this reply to a sales email. Choose exactly one label from "
            f"{list(LABELS)}; for 'objection' also choose a sub_reason from {list(SUB_REASONS)}, "
            "otherwise sub_reason is null. Give your confidence between 0 and 1. "
            'Answer as JSON: {"label": ..., "sub_reason": ..., "confidence": ...}.'
        )

        def label(visible_text: str) -> tuple[str, str | None, float]:
            if is_unsubscribe(visible_text) or not visible_text.strip():
                return checked_model_answer(None, visible_text)
            call = ModelCall([{"role": "system", "content": instructions},
                              {"role": "user", "content": visible_text[:4000]}], {"type": "json_object"}, 200)
            result = stage.run([call])[0]
            try:
                answer = json.loads(result.content or "") if result.status == OK else None
            except (ValueError, RecursionError):
                answer = None
            return checked_model_answer(answer, visible_text)

        return label


def _ask(label: str, sub_reason: str | None, first_name: str, referral: str | None, thread: str,
         facts: list[Fact] | None, play_description: str, reply: str) -> dict:
    """``suggest_response``'s arguments as the ask ``sdr_assets.domain.answers`` reads."""
    return {"label": label, "sub_reason": sub_reason, "first_name": first_name, "referral": referral,
            "thread": thread, "facts": facts, "play_description": play_description, "reply": reply}


def _environment_transport(base_url: str) -> httpx.HTTPTransport:
    """A transport to ``base_url`` through the proxy the environment names for its scheme (``HTTPS_PROXY``,
    ``ALL_PROXY``; none for a host ``NO_PROXY`` names), as httpx's own clients go: a client given a
    transport reads no proxy from the environment."""
    url = httpx.URL(base_url)
    proxies = urllib.request.getproxies()
    proxy = None if urllib.request.proxy_bypass(url.host) else proxies.get(url.scheme) or proxies.get("all")
    if proxy and "://" not in proxy:  # "proxy.corp:3128", as httpx reads it
        proxy = f"http://{proxy}"
    return httpx.HTTPTransport(verify=http_context(), proxy=proxy or None)

"""Many model calls at once, within limits, paid for once.

One ``ModelStage`` serves one run: one SDK client, at most ``concurrency`` calls in flight, a
requests-per-minute and tokens-per-minute budget, retries with exponential backoff and jitter on
429 (honouring ``Retry-After``), 5xx, timeouts and connection errors, and a per-run call budget. A
call the budget cannot pay for is left pending, never failed: the next run makes it. An endpoint
that failed ``BREAK_AFTER`` calls in a row is asked nothing more in the stage. Answers are
cached by a key over the model, the endpoint, the prompt and its facts, so an unchanged request is
never paid for twice.
"""

from __future__ import annotations

import hashlib
import json
import random
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any

import polars as pl

OK, FAILED, PENDING = "ok", "failed", "pending"
# Calls the endpoint failed one after another, no answer to any (each after its retries), that stop a
# stage asking it: the rest of its calls fail at once, and the next run asks again.
BREAK_AFTER = 5


@dataclass(frozen=True)
class ModelCall:
    messages: list[dict[str, str]]
    response_format: dict[str, Any] | None = None
    max_tokens: int = 600

    def key(self, identity: dict[str, str]) -> str:
        canonical = json.dumps([identity, self.messages, self.response_format, self.max_tokens],
                               sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()

    def estimated_tokens(self) -> int:
        return sum(len(m["content"]) for m in self.messages) // 4 + self.max_tokens


@dataclass(frozen=True)
class CallResult:
    status: str
    content: str | None = None
    error: str = ""
    cached: bool = False
    answered: bool = False  # a failed call the model answered, unusably (truncated): the endpoint is up


@dataclass
class StageStats:
    calls: int = 0
    cache_hits: int = 0
    retries: int = 0
    failed: int = 0
    pending: int = 0
    tokens: int = 0
    errors: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class RateLimiter:
    """Sliding one-minute windows over requests and tokens; ``acquire`` waits for room."""

    def __init__(self, requests_per_minute: float, tokens_per_minute: float,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        self.rpm, self.tpm = requests_per_minute, tokens_per_minute
        self._clock, self._sleep = clock, sleep
        self._events: deque[tuple[float, int]] = deque()
        self._tokens = 0
        self._lock = threading.Lock()

    def acquire(self, tokens: int) -> None:
        tokens = min(tokens, int(self.tpm)) if self.tpm > 0 else tokens
        while True:
            with self._lock:
                now = self._clock()
                while self._events and now - self._events[0][0] >= 60:
                    self._tokens -= self._events.popleft()[1]
                fits_requests = self.rpm <= 0 or len(self._events) < self.rpm
                fits_tokens = self.tpm <= 0 or self._tokens + tokens <= self.tpm
                if fits_requests and fits_tokens:
                    self._events.append((now, tokens))
                    self._tokens += tokens
                    return
                wait = 60 - (now - self._events[0][0]) if self._events else 0.05
            self._sleep(max(0.01, min(wait, 1.0)))


class Budget:
    """A per-run allowance of calls; spending past it fails without blocking."""

    def __init__(self, calls: int | None):
        self._left = calls
        self._lock = threading.Lock()

    def spend(self) -> bool:
        with self._lock:
            if self._left is None:
                return True
            if self._left <= 0:
                return False
            self._left -= 1
            return True


class ResponseCache:
    """Answers by call key, in a DuckDB table (``model_responses``) of the warehouse."""

    DDL = ("create table if not exists model_responses (key varchar primary key, model varchar, "
           "content varchar, created_at timestamptz default current_timestamp)")

    def __init__(self, connect: Callable[[], Any]):
        self._connect = connect

    def get_many(self, keys: list[str]) -> dict[str, str]:
        if not keys:
            return {}
        wanted = pl.DataFrame({"key": keys}, schema={"key": pl.String})
        with self._connect() as con:
            con.execute(self.DDL)
            con.register("_wanted", wanted)
            rows = con.execute("select m.key, m.content from model_responses m join _wanted using (key)").fetchall()
            con.unregister("_wanted")
        return dict(rows)

    def put_many(self, model: str, answers: dict[str, str]) -> None:
        if not answers:
            return
        frame = pl.DataFrame({"key": list(answers), "content": list(answers.values())},
                             schema={"key": pl.String, "content": pl.String})
        with self._connect() as con:
            con.execute(self.DDL)
            con.register("_answers", frame)
            con.execute("insert into model_responses (key, model, content) select key, ?, content from _answers "
                        "on conflict do nothing", [model])
            con.unregister("_answers")


class ModelStage:
    """Runs a batch of chat calls through one client with every limit applied."""

    def __init__(self, client: Any, model: str, identity: dict[str, str], *, concurrency: int = 8,
                 requests_per_minute: float = 0, tokens_per_minute: float = 0, max_calls: int | None = None,
                 max_attempts: int = 4, backoff_seconds: float = 0.5, max_backoff_seconds: float = 20.0,
                 cache: ResponseCache | None = None, sleep: Callable[[float], None] = time.sleep,
                 budget: Budget | None = None):
        self.client, self.model, self.identity = client, model, identity
        self.concurrency = max(1, concurrency)
        self.limiter = RateLimiter(requests_per_minute, tokens_per_minute)
        self.budget = budget or Budget(max_calls)  # ``budget``: the run's, which other stages draw on too
        self.max_attempts = max(1, max_attempts)
        self.backoff, self.max_backoff = backoff_seconds, max_backoff_seconds
        self.cache = cache
        self.stats = StageStats()
        self._sleep = sleep
        self._lock = threading.Lock()
        self._failed_in_a_row, self._last_failure = 0, ""

    def run(self, calls: list[ModelCall], then: Callable[[int, CallResult], Any] | None = None) -> list[Any]:
        """One result per call, in order: cached, answered, failed (with the error) or pending.

        ``then(index, result)``, when given, runs in the worker right after its call, so reading and
        verifying answers overlaps the calls still in flight; its values are returned instead.
        """
        keys = [c.key(self.identity) for c in calls]
        cached = self.cache.get_many(sorted(set(keys))) if self.cache else {}
        self.stats.cache_hits += sum(1 for k in keys if k in cached)
        by_key: dict[str, list[int]] = {}
        for index, key in enumerate(keys):
            by_key.setdefault(key, []).append(index)
        fresh: dict[str, str] = {}
        out: list[Any] = [None] * len(calls)

        def work(key: str) -> None:
            indexes = by_key[key]
            if key in cached:
                result = CallResult(OK, cached[key], cached=True)
            else:
                result = self._call(calls[indexes[0]])
                if result.status == OK and isinstance(result.content, str):
                    fresh[key] = result.content
            for index in indexes:
                out[index] = then(index, result) if then else result

        try:
            with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
                list(pool.map(work, by_key))
        finally:
            if self.cache:
                self.cache.put_many(self.model, fresh)
        return out

    def _count(self, **increments: int) -> None:
        with self._lock:
            for name, n in increments.items():
                setattr(self.stats, name, getattr(self.stats, name) + n)

    def _error(self, kind: str) -> None:
        with self._lock:
            self.stats.errors[kind] = self.stats.errors.get(kind, 0) + 1

    def _call(self, call: ModelCall) -> CallResult:
        """The call's result; a failure at once, the endpoint not asked, after ``BREAK_AFTER`` failed in a row."""
        with self._lock:
            broken, last = self._failed_in_a_row >= BREAK_AFTER, self._last_failure
        if broken:
            self._error("not asked")
            self._count(failed=1)
            return CallResult(FAILED, error=f"not asked: the endpoint failed {BREAK_AFTER} calls in a row, "
                                            f"the last with {last}")
        result = self._attempts(call)
        with self._lock:
            if result.status != PENDING:
                down = result.status == FAILED and not result.answered
                self._failed_in_a_row = self._failed_in_a_row + 1 if down else 0
                self._last_failure = result.error or self._last_failure
        return result

    def _attempts(self, call: ModelCall) -> CallResult:
        import openai

        error = ""
        for attempt in range(self.max_attempts):
            if not self.budget.spend():
                self._count(pending=1)
                return CallResult(PENDING, error="the run's model budget is spent; the next run continues")
            self.limiter.acquire(call.estimated_tokens())
            self._count(calls=1, retries=1 if attempt else 0)
            retry_after = 0.0
            try:
                kwargs: dict[str, Any] = {"model": self.model, "messages": call.messages, "temperature": 0,
                                          "max_tokens": call.max_tokens}
                if call.response_format:
                    kwargs["response_format"] = call.response_format
                completion = self.client.chat.completions.create(**kwargs)
                choice = completion.choices[0]
                if completion.usage is not None:
                    self._count(tokens=int(completion.usage.total_tokens or 0))
                if choice.finish_reason == "length":
                    self._error("truncated")
                    self._count(failed=1)
                    return CallResult(FAILED, error="the answer was truncated", answered=True)
                text = answer_text(choice.message.content)
                if not text.strip():  # a refusal, a content filter, a glitch: no answer to keep
                    refusal = getattr(choice.message, "refusal", None)
                    self._error("empty")
                    self._count(failed=1)
                    return CallResult(FAILED, error=f"the model refused: {refusal}" if refusal
                                      else f"an empty answer (finish reason: {choice.finish_reason})")
                return CallResult(OK, text)
            except openai.RateLimitError as exc:
                error, retry_after = "rate limited (429)", _retry_after(exc)
            except openai.APITimeoutError:
                error = "timed out"
            except openai.APIConnectionError:
                error = "connection failed"
            except openai.APIStatusError as exc:
                error = f"HTTP {exc.status_code}"
                if exc.status_code < 500 and exc.status_code not in (408, 409):
                    self._error(error)
                    self._count(failed=1)
                    return CallResult(FAILED, error=error)
            except (openai.APIError, ValueError, IndexError, AttributeError, TypeError) as exc:
                # A 200 without choices (a proxy's error body), or content that is not text.
                error = f"unreadable answer: {type(exc).__name__}"
                self._error("unreadable")
                self._count(failed=1)
                return CallResult(FAILED, error=error)
            self._error(error)
            if attempt + 1 < self.max_attempts:
                delay = min(self.max_backoff, self.backoff * 2**attempt) * random.uniform(0.5, 1.0)
                self._sleep(max(delay, min(retry_after, self.max_backoff * 3)))
        self._count(failed=1)
        return CallResult(FAILED, error=f"{error} after {self.max_attempts} attempts")


def answer_text(content: Any) -> str:
    """The text of an answer's ``content``: a string, or the ``{"type": "text"}`` parts of a list of
    parts joined, as some servers send it; TypeError for anything else (a number, an object, a list
    without text), which neither the cache nor a parser may receive."""
    if content is None or isinstance(content, str):
        return content or ""
    if isinstance(content, list) and all(isinstance(part, dict) for part in content):
        texts = [part.get("text") for part in content if part.get("type") == "text"]
        if texts and all(isinstance(text, str) for text in texts):
            return "".join(texts)
    raise TypeError(f"the answer's content is {type(content).__name__}, not text")


def _retry_after(exc: Any) -> float:
    """Seconds a 429 asks to wait: Retry-After in seconds or as an HTTP date (RFC 9110 10.2.3)."""
    from resources.http_retry import retry_after

    try:
        return retry_after(exc.response) or 0.0
    except (AttributeError, TypeError, ValueError):
        return 0.0

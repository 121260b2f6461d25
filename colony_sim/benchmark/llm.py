"""``LLMCoder``: ask any OpenAI-compatible chat endpoint for ``solution.py``.

Configuration comes from the environment (or an :class:`LLMConfig` built in code):

==========================  ==============================================  =========
variable                    meaning                                         default
==========================  ==============================================  =========
``COLONY_LLM_BASE_URL``     e.g. ``https://api.openai.com/v1`` (or           required
                            ``OPENAI_BASE_URL``)
``COLONY_LLM_MODEL``        model name                                      required
``COLONY_LLM_API_KEY``      bearer key (or ``OPENAI_API_KEY``)              none
``COLONY_LLM_TIMEOUT_S``    per-request timeout                             120
``COLONY_LLM_RETRIES``      retries after a timeout, 429 or 5xx             2
``COLONY_LLM_PRICE_IN``     USD per million prompt tokens                   0
``COLONY_LLM_PRICE_OUT``    USD per million completion tokens               0
==========================  ==============================================  =========

Requests that still fail raise :class:`~colony_sim.benchmark.coders.CoderError`;
as in the seed, such problems are left out of the score and listed as
``coder_error``. Token counts come from the response's ``usage`` field. Only the
standard library is used, so ``colony_sim`` keeps its light dependencies.
"""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass

from colony_sim.benchmark.coders import CoderError, Task

SYSTEM_PROMPT = (
    "You are an expert Python programmer. Reply with the complete contents of "
    "solution.py in one ```python code block and nothing else. Use only the standard "
    "library; do not read files, open sockets or start processes."
)
_BLOCK = re.compile(r"```(?:python|py)?[ \t]*\n(.*?)```", re.DOTALL)
_RETRY_STATUS = {408, 409, 429, 500, 502, 503, 504}


@dataclass(frozen=True, kw_only=True)
class LLMConfig:
    """Endpoint, model, limits and prices of an :class:`LLMCoder`."""

    base_url: str
    model: str
    api_key: str = ""
    timeout_s: float = 120.0
    retries: int = 2
    backoff_s: float = 1.0
    max_tokens: int = 4096
    temperature: float = 0.0
    price_in: float = 0.0
    price_out: float = 0.0

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> LLMConfig:
        """Read the variables listed in the module docstring.

        Raises:
            ValueError: Naming the missing or malformed variable.
        """
        base = env.get("COLONY_LLM_BASE_URL") or env.get("OPENAI_BASE_URL")
        if not base:
            raise ValueError("llm needs COLONY_LLM_BASE_URL (an OpenAI-compatible /v1 URL)")
        model = env.get("COLONY_LLM_MODEL")
        if not model:
            raise ValueError("llm needs COLONY_LLM_MODEL (the model name)")
        numbers: dict[str, float] = {}
        for field, var, kind in (("timeout_s", "COLONY_LLM_TIMEOUT_S", float),
                                 ("retries", "COLONY_LLM_RETRIES", int),
                                 ("price_in", "COLONY_LLM_PRICE_IN", float),
                                 ("price_out", "COLONY_LLM_PRICE_OUT", float)):
            if env.get(var):
                try:
                    numbers[field] = kind(env[var])
                except ValueError:
                    raise ValueError(f"{var} must be a {kind.__name__}, "
                                     f"got {env[var]!r}") from None
                if numbers[field] < 0:
                    raise ValueError(f"{var} must not be negative")
        key = env.get("COLONY_LLM_API_KEY") or env.get("OPENAI_API_KEY") or ""
        return cls(base_url=base.rstrip("/"), model=model, api_key=key, **numbers)  # type: ignore[arg-type]


def extract_code(text: str) -> str:
    """The longest fenced code block of ``text``, or ``text`` itself when there is none."""
    blocks = _BLOCK.findall(text)
    return max(blocks, key=len) if blocks else text


class LLMCoder:
    """Coder backed by an OpenAI-compatible ``/chat/completions`` endpoint."""

    kind = "llm"

    def __init__(self, config: LLMConfig) -> None:
        self.config = config
        self.name = f"llm:{config.model}"
        self._lock = threading.Lock()
        self.requests = 0
        self.failures = 0
        self.prompt_tokens = 0
        self.completion_tokens = 0

    @property
    def cost_usd(self) -> float:
        """Spend so far at the configured prices."""
        c = self.config
        return (self.prompt_tokens * c.price_in + self.completion_tokens * c.price_out) / 1e6

    def summary(self) -> str:
        """One line of accounting for the report."""
        return (f"llm: {self.config.model} at {self.config.base_url}; {self.requests} requests "
                f"({self.failures} failed); tokens {self.prompt_tokens} prompt + "
                f"{self.completion_tokens} completion; cost ${self.cost_usd:.4f}")

    def write(self, task: Task) -> str:
        """Ask the model for ``solution.py`` (retries, then :class:`CoderError`)."""
        body = json.dumps({
            "model": self.config.model,
            "messages": [{"role": "system", "content": SYSTEM_PROMPT},
                         {"role": "user", "content": task.prompt}],
            "max_tokens": self.config.max_tokens,
            "temperature": self.config.temperature,
        }).encode()
        last = ""
        for attempt in range(self.config.retries + 1):
            if attempt:
                time.sleep(self.config.backoff_s * 2 ** (attempt - 1))
            with self._lock:
                self.requests += 1
            try:
                data = self._post(body)
            except _Retry as exc:
                last = str(exc)
                with self._lock:
                    self.failures += 1
                continue
            except CoderError:
                with self._lock:
                    self.failures += 1
                raise
            return self._content(data)
        raise CoderError(f"{self.config.base_url}: gave up after "
                         f"{self.config.retries + 1} requests ({last})")

    def _post(self, body: bytes) -> dict:
        headers = {"Content-Type": "application/json"}
        if self.config.api_key:
            headers["Authorization"] = f"Bearer {self.config.api_key}"
        request = urllib.request.Request(f"{self.config.base_url}/chat/completions",
                                         data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.config.timeout_s) as response:
                raw = response.read(8 << 20)
        except urllib.error.HTTPError as exc:
            if exc.code in _RETRY_STATUS:
                raise _Retry(f"HTTP {exc.code}") from None
            raise CoderError(f"HTTP {exc.code} from {self.config.base_url}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise _Retry(f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}") from None
        try:
            data = json.loads(raw)
        except ValueError:
            raise _Retry("response is not JSON") from None
        if not isinstance(data, dict):
            raise _Retry("response is not a JSON object")
        return data

    def _content(self, data: dict) -> str:
        usage = data.get("usage") or {}
        with self._lock:
            self.prompt_tokens += int(usage.get("prompt_tokens") or 0)
            self.completion_tokens += int(usage.get("completion_tokens") or 0)
        try:
            content = data["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise CoderError("response has no choices[0].message.content") from None
        if not isinstance(content, str):
            raise CoderError("message content is not text")
        return extract_code(content)


class _Retry(Exception):
    """A failure worth another request."""

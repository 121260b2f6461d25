"""LLMCoder against a FAKE OpenAI-compatible endpoint on 127.0.0.1 (no model runs here)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from colony_sim.benchmark import load_problems
from colony_sim.benchmark.coders import CoderError, Task
from colony_sim.benchmark.llm import LLMCoder, LLMConfig, extract_code
from colony_sim.benchmark.session import format_report, run_bench

PROBLEMS = {p.slug: p for p in load_problems()}
ROMAN = PROBLEMS["to_roman"]


class FakeChatEndpoint:
    """A fake chat endpoint: answers from a script of (status, body) replies, then repeats."""

    def __init__(self, replies):
        self.replies = list(replies)
        self.requests = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                length = int(self.headers["Content-Length"])
                fake.requests.append((self.path, dict(self.headers),
                                      json.loads(self.rfile.read(length))))
                status, body = fake.replies[0] if len(fake.replies) == 1 else fake.replies.pop(0)
                payload = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def answer(code, prompt_tokens=100, completion_tokens=50):
    return (200, {"choices": [{"message": {"role": "assistant",
                                           "content": f"Here:\n```python\n{code}```\n"}}],
                  "usage": {"prompt_tokens": prompt_tokens,
                            "completion_tokens": completion_tokens}})


@pytest.fixture
def fake():
    endpoints = []

    def make(replies):
        endpoints.append(FakeChatEndpoint(replies))
        return endpoints[-1]

    yield make
    for e in endpoints:
        e.close()


def coder_for(endpoint, **kw):
    return LLMCoder(LLMConfig(base_url=endpoint.url, model="fake-model", api_key="k",
                              backoff_s=0.01, price_in=1.0, price_out=2.0, **kw))


def test_request_shape_tokens_and_cost(fake):
    endpoint = fake([answer("def to_roman(n):\n    return 'I'\n")])
    coder = coder_for(endpoint)
    code = coder.write(Task.from_problem(ROMAN))
    assert code.startswith("def to_roman")
    path, headers, body = endpoint.requests[0]
    assert path == "/v1/chat/completions" and headers["Authorization"] == "Bearer k"
    assert body["model"] == "fake-model" and "to_roman" in body["messages"][1]["content"]
    assert "def test_" not in json.dumps(body)
    assert (coder.prompt_tokens, coder.completion_tokens) == (100, 50)
    assert coder.cost_usd == pytest.approx((100 * 1 + 50 * 2) / 1e6)


def test_retries_after_5xx_and_429_then_succeeds(fake):
    endpoint = fake([(500, {}), (429, {}), answer("x = 1\n")])
    coder = coder_for(endpoint)
    assert coder.write(Task.from_problem(ROMAN)) == "x = 1\n"
    assert coder.requests == 3 and coder.failures == 2


def test_gives_up_with_a_coder_error(fake):
    endpoint = fake([(503, {})])
    coder = coder_for(endpoint, retries=1)
    with pytest.raises(CoderError, match="gave up after 2"):
        coder.write(Task.from_problem(ROMAN))
    endpoint = fake([(401, {"error": "bad key"})])
    with pytest.raises(CoderError, match="401"):
        coder_for(endpoint).write(Task.from_problem(ROMAN))


def test_timeout_and_garbage_are_retried(fake):
    endpoint = fake([(200, b"not json"), answer("y = 2\n")])
    assert coder_for(endpoint).write(Task.from_problem(ROMAN)) == "y = 2\n"


def test_unreachable_endpoint_is_a_coder_error():
    coder = LLMCoder(LLMConfig(base_url="http://127.0.0.1:9/v1", model="m", retries=0,
                               timeout_s=1))
    with pytest.raises(CoderError):
        coder.write(Task.from_problem(ROMAN))


def test_run_scores_the_fake_models_answers_and_labels_them(fake):
    reference = ROMAN.reference_path.read_text(encoding="utf-8")
    endpoint = fake([(400, {}), answer(reference)])  # runs in (tier, slug) order, one job
    run = run_bench(coder_for(endpoint, retries=0), [ROMAN, PROBLEMS["day_of_week"]], jobs=1)
    assert [(a.slug, a.reason) for a in run.attempts] == [("day_of_week", "coder_error"),
                                                          ("to_roman", "passed")]
    assert run.kind == "llm" and not run.validation
    assert run.estimate.iq == 150  # the API error is left out, as in the seed
    report = format_report(run)
    assert "llm: fake-model" in report and "2 requests" in report


def test_config_from_env_names_the_variable():
    with pytest.raises(ValueError, match="COLONY_LLM_BASE_URL"):
        LLMConfig.from_env({})
    with pytest.raises(ValueError, match="COLONY_LLM_MODEL"):
        LLMConfig.from_env({"COLONY_LLM_BASE_URL": "http://x"})
    with pytest.raises(ValueError, match="COLONY_LLM_TIMEOUT_S"):
        LLMConfig.from_env({"COLONY_LLM_BASE_URL": "http://x", "COLONY_LLM_MODEL": "m",
                            "COLONY_LLM_TIMEOUT_S": "soon"})
    config = LLMConfig.from_env({"OPENAI_BASE_URL": "http://x/v1/", "COLONY_LLM_MODEL": "m",
                                 "OPENAI_API_KEY": "s", "COLONY_LLM_RETRIES": "5"})
    assert (config.base_url, config.api_key, config.retries) == ("http://x/v1", "s", 5)


def test_extract_code():
    assert extract_code("```python\na = 1\n```") == "a = 1\n"
    assert extract_code("plain") == "plain"

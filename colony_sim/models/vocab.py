"""The plan transformer's 128-token vocabulary (the seed's ``vocab.rs`` layout).

==========  =================================================================
ids         tokens
==========  =================================================================
0–3         PAD, BOS, EOS, UNK
4–29        the seed's step tokens (:data:`STEP_TOKENS`)
30–32       cartridge tokens: create_cartridge, compile_cartridge, test_cartridge
33–35       autophagy tokens: remove_dead_code, simplify, refactor
36–49       reserved (the seed's "Rust alphabet"); 36 is ours: ``benchmark``
50–127      context keyword tokens (:func:`keyword_token`)
==========  =================================================================

Simulated step kinds (:data:`colony_sim.sim.body.STEP_KINDS`) map onto these ids by
:data:`TOKEN_OF_KIND`: ``check`` is the seed's ``cargo_check`` (a build-and-test of the
agent's own code), ``deploy`` is ``create_script_endpoint`` (deploying a cartridge
creates a paid endpoint), ``benchmark`` takes reserved slot 36 because the seed has no
benchmark step token (its ``check_self`` is a health check, not an IQ run); the other
kinds have tokens of the same name.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping, Sequence

from colony_sim.sim.body import STEP_KINDS

VOCAB_SIZE = 128
PAD, BOS, EOS, UNK = 0, 1, 2, 3

STEP_TOKENS = (
    "read_file",
    "search_code",
    "list_dir",
    "run_shell",
    "commit",
    "check_self",
    "create_script_endpoint",
    "test_script_endpoint",
    "call_paid_endpoint",
    "cargo_check",
    "generate_code",
    "edit_code",
    "think",
    "delete_endpoint",
    "discover_peers",
    "call_peer",
    "create_github_repo",
    "fork_github_repo",
    "screenshot",
    "screen_click",
    "screen_type",
    "browse_url",
    "review_peer_pr",
    "clone_self",
    "spawn_specialist",
    "delegate_task",
)
"""The seed's step tokens, ids 4–29 in this order."""
CARTRIDGE_TOKENS = ("create_cartridge", "compile_cartridge", "test_cartridge")
AUTOPHAGY_TOKENS = ("remove_dead_code", "simplify", "refactor")
FIRST_STEP, FIRST_CARTRIDGE, FIRST_AUTOPHAGY, FIRST_RESERVED = 4, 30, 33, 36
FIRST_CONTEXT = 50
N_CONTEXT = VOCAB_SIZE - FIRST_CONTEXT
MAX_CONTEXT_TOKENS = 8
"""At most this many context tokens precede BOS (as in the seed)."""

TOKEN_IDS: dict[str, int] = {"<pad>": PAD, "<bos>": BOS, "<eos>": EOS, "<unk>": UNK}
TOKEN_IDS.update({name: FIRST_STEP + i for i, name in enumerate(STEP_TOKENS)})
TOKEN_IDS.update({name: FIRST_CARTRIDGE + i for i, name in enumerate(CARTRIDGE_TOKENS)})
TOKEN_IDS.update({name: FIRST_AUTOPHAGY + i for i, name in enumerate(AUTOPHAGY_TOKENS)})
TOKEN_IDS["benchmark"] = FIRST_RESERVED
TOKEN_NAMES: dict[int, str] = {i: name for name, i in TOKEN_IDS.items()}

TOKEN_OF_KIND: dict[str, int] = {
    "read_file": TOKEN_IDS["read_file"],
    "edit_code": TOKEN_IDS["edit_code"],
    "check": TOKEN_IDS["cargo_check"],
    "commit": TOKEN_IDS["commit"],
    "create_cartridge": TOKEN_IDS["create_cartridge"],
    "test_cartridge": TOKEN_IDS["test_cartridge"],
    "deploy": TOKEN_IDS["create_script_endpoint"],
    "benchmark": TOKEN_IDS["benchmark"],
    "call_peer": TOKEN_IDS["call_peer"],
}
"""Token id of each simulated step kind."""
KIND_OF_TOKEN: dict[int, int] = {TOKEN_OF_KIND[k]: i for i, k in enumerate(STEP_KINDS)}
"""Step-kind index of a token id (only for tokens that simulated steps use)."""


def is_step_token(token: int) -> bool:
    """True for ids 4–49 (steps, cartridge, autophagy, reserved): what a plan keeps."""
    return FIRST_STEP <= token < FIRST_CONTEXT


def kinds_to_tokens(kinds: Iterable[int]) -> list[int]:
    """Token ids of a plan given as step-kind indices."""
    return [TOKEN_OF_KIND[STEP_KINDS[k]] for k in kinds]


def tokens_to_kinds(tokens: Iterable[int]) -> list[int]:
    """Step-kind indices of the tokens that simulated steps use; others are dropped."""
    return [KIND_OF_TOKEN[t] for t in tokens if t in KIND_OF_TOKEN]


def keyword_hash(word: str) -> int:
    """The seed's rolling hash ``h = h·31 + byte`` over UTF-8 bytes, wrapped to 64 bits."""
    h = 0
    for byte in word.encode():
        h = (h * 31 + byte) & 0xFFFF_FFFF_FFFF_FFFF
    return h


def keyword_token(word: str, table: MutableMapping[str, int]) -> int:
    """Context token of a goal keyword; assigns new keywords the next free id.

    The first 78 distinct keywords get ids 50, 51, … in order of arrival and are
    remembered in ``table`` (the caller persists it, like the seed's
    ``plan_transformer_vocab``). Once it is full, unseen keywords share
    ``50 + keyword_hash(word) mod 78``.

    Args:
        word: The keyword (compared as given; lower-case it first if wanted).
        table: Keyword → id assignments so far, updated in place.
    """
    if word in table:
        return table[word]
    if len(table) < N_CONTEXT:
        token = FIRST_CONTEXT + len(table)
        table[word] = token
        return token
    return FIRST_CONTEXT + keyword_hash(word) % N_CONTEXT


def context_tokens(keywords: Sequence[str], table: MutableMapping[str, int]) -> list[int]:
    """Tokens of up to :data:`MAX_CONTEXT_TOKENS` keywords, in order."""
    return [keyword_token(w, table) for w in keywords[:MAX_CONTEXT_TOKENS]]

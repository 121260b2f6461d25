"""The edit repertoire on the seed project (pure: no git, no subprocess)."""

from __future__ import annotations

import ast
from collections import Counter

import numpy as np
import pytest

from live.workspace_edits import BY_NAME, REPERTOIRE, draw_edit, suite_for
from live.workspace_seed import SEED_TREE

APP = SEED_TREE["src/app.py"]


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
    except SyntaxError:
        return False
    return True


@pytest.mark.parametrize("transform", [t.name for t in REPERTOIRE])
def test_every_transform_changes_the_seed(transform, rng):
    edits = BY_NAME[transform].apply("src/app.py", APP, rng, SEED_TREE.get)
    assert edits, f"{transform} applies to the seed"
    assert all(SEED_TREE.get(path) != text for path, text in edits.items())


@pytest.mark.parametrize("transform", [t.name for t in REPERTOIRE if not t.risky])
def test_safe_transforms_keep_every_file_parseable(transform, rng):
    edits = BY_NAME[transform].apply("src/app.py", APP, rng, SEED_TREE.get)
    assert all(_parses(text) for text in edits.values())


def test_a_dropped_colon_does_not_parse(rng):
    assert not _parses(
        BY_NAME["drop_colon"].apply("src/app.py", APP, rng, SEED_TREE.get)["src/app.py"]
    )


def test_a_helper_comes_with_its_test():
    edits = BY_NAME["add_helper_with_test"].apply(
        "src/app.py", APP, np.random.default_rng(0), SEED_TREE.get
    )
    assert list(edits) == ["src/app.py", "tests/test_app.py"]
    assert "def scaled_1(x):" in edits["src/app.py"]
    assert "app.scaled_1(" in edits["tests/test_app.py"]


def test_python_transforms_leave_other_files_alone(rng):
    text = "name = app\n"
    assert BY_NAME["tweak_constant"].apply("notes.txt", text, rng, SEED_TREE.get) is None
    assert BY_NAME["remove_line"].apply("notes.txt", text, rng, SEED_TREE.get) is not None


def test_test_modules_mirror_src_modules():
    assert suite_for("src/app.py") == "tests/test_app.py"
    assert suite_for("src/pkg/x.py") == "tests/test_x.py"
    assert suite_for("README.md") is None


def test_reading_first_makes_risky_edits_rarer():
    def risky_share(careful: bool) -> float:
        rng = np.random.default_rng(1)
        names = Counter(
            draw_edit("src/app.py", APP, rng, SEED_TREE.get, careful=careful)[0]
            for _ in range(600)
        )
        return sum(n for name, n in names.items() if BY_NAME[name].risky) / 600

    assert risky_share(careful=True) < risky_share(careful=False) - 0.08


def test_nothing_to_edit_in_an_empty_file(rng):
    assert draw_edit("notes.txt", "", rng, SEED_TREE.get) is None

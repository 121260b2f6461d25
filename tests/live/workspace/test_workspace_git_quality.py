"""Quality is measured on HEAD; diff features come from the real diff."""

from __future__ import annotations

import numpy as np
import pytest

from colony_sim.models.diff_features import FEATURE_NAMES, N_FEATURES
from live.workspace_quality import Measure, measure, quality
from live.workspace_seed import SEED_TREE

pytestmark = pytest.mark.live

COLUMN = {name: i for i, name in enumerate(FEATURE_NAMES)}


def test_the_seed_measures_six_tested_functions():
    assert measure(SEED_TREE) == Measure(tests=6, functions=6, covered=6)
    assert quality(measure(SEED_TREE), measure(SEED_TREE)) == 1.0


def test_quality_is_one_at_the_seed(workspace):
    assert workspace.quality() == 1.0


def test_a_tested_helper_raises_quality(workspace):
    workspace.edit("src/app.py", transform="add_helper_with_test")
    assert workspace.commit("helper").ok
    assert workspace.quality() > 1.0


@pytest.mark.parametrize("transform", ["delete_test", "add_untested_helper"])
def test_a_commit_that_weakens_the_tests_lowers_quality(workspace, transform):
    workspace.edit("src/app.py", transform=transform)
    assert workspace.commit(transform).ok, "the tests still pass"
    assert 0 < workspace.quality() < 1.0


def test_quality_ignores_uncommitted_changes(workspace):
    workspace.edit("src/app.py", transform="delete_test")
    assert workspace.quality() == 1.0


def test_quality_has_a_floor():
    assert quality(Measure(0, 3, 0), Measure(6, 6, 6)) > 0


def test_diff_features_tell_a_test_adding_edit_from_a_deletion(make_workspace):
    grow = make_workspace("a1")
    grow.edit("src/app.py", transform="add_helper_with_test")
    adds = grow.diff_features()
    grow.revert()
    grow.edit("src/app.py", transform="delete_function")
    cuts = grow.diff_features()
    assert adds.shape == cuts.shape == (N_FEATURES,)
    assert adds[COLUMN["test_defs"]] > 0 and cuts[COLUMN["test_defs"]] == 0
    assert adds[COLUMN["test_files"]] > 0 and cuts[COLUMN["test_files"]] == 0
    assert adds[COLUMN["net_loc"]] > 0 > cuts[COLUMN["net_loc"]]
    assert cuts[COLUMN["loc_deleted"]] > 0 == adds[COLUMN["loc_deleted"]]


def test_diff_features_of_a_clean_tree_are_empty(workspace):
    x = workspace.diff_features(fitness=0.0)
    assert np.all(x == 0)

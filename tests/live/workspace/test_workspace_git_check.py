"""The real check: categories, the pre-commit hook, commits of bad changes, revert."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.live


def test_check_without_a_change_is_file_not_found(workspace):
    assert workspace.check().error == "file_not_found"


def test_a_syntax_error_is_a_compile_error(workspace):
    assert workspace.edit("src/app.py", transform="drop_colon").ok
    out = workspace.check()
    assert out.error == "compile_error" and "SyntaxError" in out.value
    assert not workspace.pending().checked


def test_a_wrong_constant_is_a_test_failure(workspace):
    assert workspace.edit("src/app.py", transform="tweak_constant").ok
    out = workspace.check()
    assert out.error == "test_failure" and "failed" in out.value


def test_a_passing_check_marks_the_change_checked_until_the_next_edit(workspace):
    workspace.edit("src/app.py", transform="add_helper_with_test")
    assert workspace.check().ok
    assert workspace.pending().checked
    workspace.edit("src/app.py", transform="add_docstring")
    assert not workspace.pending().checked


def test_a_change_made_after_the_check_is_not_checked(workspace):
    workspace.edit("src/app.py", transform="add_docstring")
    assert workspace.check().ok
    (workspace.root / "src" / "app.py").write_text("def broken(:\n")
    assert not workspace.pending().checked


def test_the_hook_blocks_a_bad_commit_made_by_hand(workspace, git):
    head = workspace.repo.head.commit.hexsha
    (workspace.root / "src" / "app.py").write_text("def broken(:\n")
    done = git("commit", "-qam", "by hand")
    assert done.returncode != 0
    assert "colony check: compile_error" in done.stderr
    assert workspace.repo.head.commit.hexsha == head


def test_the_hook_lets_a_good_commit_made_by_hand_through(workspace, git):
    head = workspace.repo.head.commit.hexsha
    with (workspace.root / "README.md").open("a") as f:
        f.write("More words.\n")
    assert git("commit", "-qam", "by hand").returncode == 0
    assert workspace.repo.head.commit.parents[0].hexsha == head


def test_an_unchecked_bad_commit_is_refused_by_the_hook_and_discarded(workspace):
    head = workspace.repo.head.commit.hexsha
    workspace.edit("src/app.py", transform="tweak_constant")
    out = workspace.commit("regress")
    assert not out.ok and out.error == "test_failure"
    assert workspace.repo.head.commit.hexsha == head
    assert workspace.pending() is None


def test_an_unchecked_good_commit_passes_the_hook(workspace):
    workspace.edit("src/app.py", transform="rename_local")
    out = workspace.commit("rename")
    assert out.ok and workspace.repo.head.commit.hexsha == out.value


def test_revert_restores_tracked_files_and_removes_untracked_ones(workspace):
    app = workspace.root / "src" / "app.py"
    seed = app.read_text()
    workspace.edit("src/app.py", transform="add_helper_with_test")
    (workspace.root / "scratch.py").write_text("x = 1\n")
    (workspace.root / "notes" / "deep").mkdir(parents=True)
    (workspace.root / "notes" / "deep" / "a.txt").write_text("a\n")
    (workspace.root / "tests" / "test_app.py").unlink()
    assert workspace.pending().added > 0
    workspace.revert()
    assert workspace.pending() is None
    assert workspace.repo.git.status("--porcelain", "--untracked-files=all") == ""
    assert app.read_text() == seed
    assert not (workspace.root / "scratch.py").exists()
    assert not (workspace.root / "notes").exists()
    assert (workspace.root / "tests" / "test_app.py").exists()


def test_pending_counts_new_files(workspace):
    (workspace.root / "src" / "extra.py").write_text("A = 1\nB = 2\n")
    pending = workspace.pending()
    assert (pending.path, pending.added, pending.deleted, pending.file_lines) == (
        "src/extra.py",
        2,
        0,
        0,
    )


def test_checks_can_be_switched_off(make_workspace):
    ws = make_workspace(check_cmd=(), test_cmd=())
    ws.edit("src/app.py", transform="drop_colon")
    assert ws.check().ok
    assert ws.commit("unchecked").ok

import itertools
import random

import pytest

from solution import sliding_puzzle


def distances_from_goal(rows, cols, max_depth=99):
    size = rows * cols
    goal = tuple(range(1, size)) + (0,)
    dist = {goal: 0}
    frontier = [goal]
    while frontier and dist[frontier[0]] < max_depth:
        nxt = []
        for state in frontier:
            b = state.index(0)
            for s in range(size):
                if abs(s // cols - b // cols) + abs(s % cols - b % cols) == 1:
                    new = list(state)
                    new[b], new[s] = new[s], new[b]
                    new = tuple(new)
                    if new not in dist:
                        dist[new] = dist[state] + 1
                        nxt.append(new)
        frontier = nxt
    return dist


def as_board(state, rows, cols):
    return [list(state[r * cols:(r + 1) * cols]) for r in range(rows)]


@pytest.mark.parametrize("rows, cols", [(1, 1), (1, 2), (2, 1), (1, 3), (1, 4), (4, 1), (2, 2)])
def test_every_board(rows, cols):
    dist = distances_from_goal(rows, cols)
    for perm in itertools.permutations(range(rows * cols)):
        assert sliding_puzzle(as_board(perm, rows, cols)) == dist.get(perm, -1), perm


@pytest.mark.parametrize("rows, cols", [(2, 3), (3, 2)])
def test_sampled_six_cell_boards(rows, cols):
    dist = distances_from_goal(rows, cols)
    perms = list(itertools.permutations(range(6)))
    for perm in random.Random(rows).sample(perms, 60):
        assert sliding_puzzle(as_board(perm, rows, cols)) == dist.get(perm, -1), perm


def test_two_by_four_samples():
    dist = distances_from_goal(2, 4, max_depth=14)
    rng = random.Random(3)
    deep = sorted(state for state, d in dist.items() if d >= 12)
    for state in rng.sample(deep, 4):
        assert sliding_puzzle(as_board(state, 2, 4)) == dist[state]
    assert sliding_puzzle([[1, 2, 3, 4], [5, 6, 0, 7]]) == 1


@pytest.mark.parametrize("board", [[[1, 2], [3, 3]], [[1, 2], [3, 4]], [[0, 1, 2], [3, 4, 6]]])
def test_invalid(board):
    with pytest.raises(ValueError):
        sliding_puzzle(board)

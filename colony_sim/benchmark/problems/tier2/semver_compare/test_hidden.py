import pytest

from solution import semver_compare

ORDERED = [
    "0.0.0", "0.0.1", "0.1.0", "0.9.0", "0.10.0", "1.0.0-0", "1.0.0-2", "1.0.0-10",
    "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.2", "1.0.0-alpha.10", "1.0.0-alpha.beta",
    "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0",
    "1.9.0", "1.10.0", "1.10.1-A", "1.10.1-a", "1.10.1", "2.0.0", "10.0.0",
]


def test_total_order():
    for i, a in enumerate(ORDERED):
        for j, b in enumerate(ORDERED):
            expected = (i > j) - (i < j)
            assert semver_compare(a, b) == expected, (a, b)


@pytest.mark.parametrize("a, b", [
    ("1.0.0+build.1", "1.0.0+build.2"), ("1.0.0+x", "1.0.0"), ("1.0.0-rc.1+b", "1.0.0-rc.1"),
    ("1.0.0-x-y", "1.0.0-x-y+z.1"),
])
def test_build_metadata_ignored(a, b):
    assert semver_compare(a, b) == 0
    assert semver_compare(b, a) == 0


def test_hyphens_in_identifiers():
    assert semver_compare("1.0.0-x-y", "1.0.0-x") == 1
    assert semver_compare("1.0.0-a-1", "1.0.0-a-2") == -1
    assert semver_compare("1.0.0--", "1.0.0-0") == 1


@pytest.mark.parametrize("bad", [
    "1", "1.0", "1.0.0.0", "01.0.0", "1.00.0", "1.0.07", "a.b.c", "1.0.0-", "1.0.0+",
    "1.0.0-a..b", "1.0.0+a..b", "1.0.0-a_b", "1.0.0+a$", "", "1..0", "1.0.-1", "1.0.0-\u00e9",
    "\u0661.0.0", " 1.0.0", "1.0.0 ", "-1.0.0",
])
def test_invalid(bad):
    with pytest.raises(ValueError):
        semver_compare(bad, "1.0.0")
    with pytest.raises(ValueError):
        semver_compare("1.0.0", bad)

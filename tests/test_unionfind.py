"""The shared union-find: the smallest key of a group is its root, whatever the order of joins."""

from __future__ import annotations

import random

from newsprism.unionfind import UnionFind


def test_groups_and_roots_do_not_depend_on_join_order():
    pairs = [(3, 1), (5, 4), (4, 3), (8, 9), (7, 7)]
    for seed in range(5):
        shuffled = pairs[:]
        random.Random(seed).shuffle(shuffled)
        groups: UnionFind[int] = UnionFind()
        for a, b in shuffled:
            groups.join(b, a) if seed % 2 else groups.join(a, b)
        assert [groups.find(i) for i in range(10)] == [0, 1, 2, 1, 1, 1, 6, 7, 8, 8]


def test_string_keys_and_the_returned_root():
    groups: UnionFind[str] = UnionFind()
    assert groups.join("putin", "lukashenko") == "lukashenko"
    assert groups.join("peskov", "putin") == "lukashenko"
    assert groups.find("peskov") == "lukashenko" and groups.find("shoigu") == "shoigu"

"""Union-find (disjoint sets) over integer or string keys; the smallest key of a group is its root."""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K", int, str)


class UnionFind(Generic[K]):
    """Groups of keys. A key not seen before is a group of its own."""

    def __init__(self) -> None:
        self.parent: dict[K, K] = {}

    def find(self, key: K) -> K:
        root = self.parent.setdefault(key, key)
        while root != key:
            # Path halving: each step points a key at its grandparent.
            grand = self.parent[root]
            self.parent[key] = grand
            key, root = grand, self.parent[grand]
        return key

    def join(self, a: K, b: K) -> K:
        """Merge the groups of ``a`` and ``b``; returns the root, the smaller of the two roots."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        root, other = (ra, rb) if ra < rb else (rb, ra)
        self.parent[other] = root
        return root

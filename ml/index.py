"""An inverted-file (IVF) index over unit vectors, for candidate retrieval at scale.

Vectors are grouped around k-means centroids; a query looks only inside the
few groups whose centroids are nearest, then scores those members exactly.
Rows added after `fit` (edited or new profiles) are kept in a small side list
that every query scans in full, so an edit is searchable at once.
"""

import numpy as np
from sklearn.cluster import MiniBatchKMeans


class IVFIndex:
    """Approximate maximum-inner-product search over rows of a float32 matrix.

    Parameters
    ----------
    n_lists : int
        Number of k-means groups.
    n_probe : int
        Groups searched per query.
    sample : int
        Rows used to fit the centroids.
    random_state : int
        Seed for the sample and k-means.
    """

    def __init__(
        self, n_lists: int = 1024, n_probe: int = 16, sample: int = 100_000, random_state: int = 0
    ):
        self.n_lists = n_lists
        self.n_probe = n_probe
        self.sample = sample
        self.random_state = random_state

    def fit(self, vectors: np.ndarray) -> "IVFIndex":
        """Group the rows of `vectors` (n, d) around centroids; returns self."""
        rng = np.random.default_rng(self.random_state)
        n = vectors.shape[0]
        chosen = rng.choice(n, size=min(n, self.sample), replace=False)
        n_lists = max(1, min(self.n_lists, len(chosen) // 8))
        kmeans = MiniBatchKMeans(
            n_clusters=n_lists,
            batch_size=4096,
            n_init=1,
            max_iter=20,
            random_state=self.random_state,
        )
        kmeans.fit(vectors[chosen])
        centroids = kmeans.cluster_centers_.astype(np.float32)
        centroids /= np.linalg.norm(centroids, axis=1, keepdims=True) + 1e-12
        labels = np.empty(n, dtype=np.int32)
        for start in range(0, n, 65_536):
            labels[start : start + 65_536] = np.argmax(
                vectors[start : start + 65_536] @ centroids.T, axis=1
            )
        order = np.argsort(labels, kind="stable").astype(np.int64)
        self.centroids_ = centroids
        self.members_ = order
        self.offsets_ = np.searchsorted(labels[order], np.arange(n_lists + 1))
        self.vectors_ = vectors
        self.extra_ = np.empty(0, dtype=np.int64)
        return self

    def add(self, rows: np.ndarray, vectors: np.ndarray) -> None:
        """Make rows (indices into a grown `vectors`) searchable at once."""
        self.vectors_ = vectors
        self.extra_ = np.union1d(self.extra_, np.asarray(rows, dtype=np.int64))

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> np.ndarray:
        """Row indices of up to k best rows for `query` (d,), best first.

        When the nearest groups hold fewer than k allowed rows (a filter, or one kind
        of offer clustering apart from the other), the search widens group by group,
        up to all of them, rather than answer with too few.
        """
        order = np.argsort(self.centroids_ @ query)[::-1]
        probes = self.n_probe
        while True:
            parts = [self.members_[self.offsets_[c] : self.offsets_[c + 1]] for c in order[:probes]]
            rows = np.concatenate([*parts, self.extra_])
            if allowed is not None:
                rows = rows[allowed[rows]]
            if rows.size >= k or probes >= len(order):
                break
            probes *= 4
        if rows.size == 0:
            return rows
        scores = self.vectors_[rows] @ query
        top = np.argpartition(-scores, min(k, rows.size) - 1)[:k]
        return rows[top[np.argsort(-scores[top])]]

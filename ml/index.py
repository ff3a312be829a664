"""An inverted-file (IVF) index over unit vectors, for candidate retrieval at scale.

Vectors are grouped around k-means centroids; a query looks only inside the
few groups whose centroids are nearest, then scores those members exactly.
Vectors are stored group by group, so a query scores each probed group as one
contiguous block. Rows added after `fit` (edited or new profiles) are kept in a
small side list that every query scans in full, so an edit is searchable at once.
"""

import warnings

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import MiniBatchKMeans


def project(projection: np.ndarray, matrix, chunk: int = 100_000) -> np.ndarray:
    """Sparse rows (TF-IDF) in a reduced space, float32 throughout, lengths kept: the
    inner product of two reduced rows approximates that of the full rows, which is
    what the model scores (some rows, such as a business's work and needs together,
    are not of unit length).

    `projection` is (terms, d): an SVD's components transposed. Large matrices go in
    chunks, so no temporary much bigger than the result exists.
    """
    out = np.empty((matrix.shape[0], projection.shape[1]), dtype=np.float32)
    for start in range(0, matrix.shape[0], chunk):
        block = matrix[start : start + chunk]
        out[start : start + block.shape[0]] = block.astype(np.float32) @ projection
    return out


def _blocks(matrix, chunk: int):
    """(first row, CSR block) over consecutive blocks of `matrix`'s rows."""
    for start in range(0, matrix.shape[0], chunk):
        yield start, sp.csr_matrix(matrix[start : start + chunk])


def project_row(projection: np.ndarray, matrix, row: int) -> np.ndarray:
    """One row of a CSR matrix in the reduced space: only the row's own terms are read."""
    span = slice(matrix.indptr[row], matrix.indptr[row + 1])
    return matrix.data[span].astype(np.float32) @ projection[matrix.indices[span]]


def build_index(model, name: str, matrix, rows=None) -> "IVFIndex":
    """An IVF index over `matrix`'s rows reduced by a truncated SVD fitted on a sample,
    with the model's settings; the index keeps its projection (`projection_`). `rows`
    (default: all) are the matrix's rows in the index, whose numbers it returns."""
    if rows is not None:
        matrix = matrix[rows]
    from sklearn.decomposition import TruncatedSVD

    rng = np.random.default_rng(model.random_state)
    sample = rng.choice(matrix.shape[0], size=min(matrix.shape[0], 100_000), replace=False)
    components = max(1, min(model.n_components, matrix.shape[1] - 1))
    svd = TruncatedSVD(components, n_iter=3, random_state=model.random_state)
    with warnings.catch_warnings():  # its explained-variance ratio (unused) may be 0/0
        warnings.simplefilter("ignore", RuntimeWarning)
        svd.fit(matrix[sample])
    index = IVFIndex(
        n_lists=max(16, int(np.sqrt(matrix.shape[0]))),
        n_probe=model.n_probe,
        random_state=model.random_state,
    )
    # Queries project through the components' transpose, kept C-ordered in float32: a
    # query reads only its own terms' rows of it.
    index.projection_ = np.ascontiguousarray(svd.components_.T, dtype=np.float32)
    return index.fit(project(index.projection_, matrix), rows)


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
    max_iter : int
        Passes of mini-batch k-means over the sample.
    random_state : int
        Seed for the sample and k-means.
    """

    def __init__(
        self,
        n_lists: int = 1024,
        n_probe: int = 16,
        sample: int = 60_000,
        max_iter: int = 8,
        random_state: int = 0,
    ):
        self.n_lists = n_lists
        self.n_probe = n_probe
        self.sample = sample
        self.max_iter = max_iter
        self.random_state = random_state

    def fit(self, vectors: np.ndarray, rows=None) -> "IVFIndex":
        """Group the rows of `vectors` (n, d) around centroids; returns self. `rows`
        numbers them as searches report them (default 0…n-1)."""
        rng = np.random.default_rng(self.random_state)
        n = vectors.shape[0]
        chosen = rng.choice(n, size=min(n, self.sample), replace=False)
        n_lists = max(1, min(self.n_lists, len(chosen) // 8))
        kmeans = MiniBatchKMeans(
            n_clusters=n_lists,
            init="random",  # k-means++ over thousands of groups costs more than the fit itself
            batch_size=4096,
            n_init=1,
            max_iter=self.max_iter,
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
        self.members_ = order if rows is None else np.asarray(rows, dtype=np.int64)[order]
        self.offsets_ = np.searchsorted(labels[order], np.arange(n_lists + 1))
        self.vectors_ = vectors[order]  # group by group: a probed group is one block
        self.extra_rows_ = np.empty(0, dtype=np.int64)
        self.extra_vectors_ = np.empty((0, vectors.shape[1]), dtype=np.float32)
        return self

    def reduce(self, query: np.ndarray) -> np.ndarray:
        """A dense full-width query vector in the reduced space (only its own terms read)."""
        terms = np.flatnonzero(query)
        return query[terms].astype(np.float32) @ self.projection_[terms]

    def add(self, rows, vectors: np.ndarray) -> None:
        """Make `rows` searchable at once, with their vectors (len(rows), d)."""
        self.extra_rows_ = np.concatenate([self.extra_rows_, np.asarray(rows, dtype=np.int64)])
        self.extra_vectors_ = np.vstack([self.extra_vectors_, vectors.astype(np.float32)])

    def search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None, n_probe=None
    ) -> np.ndarray:
        """Row indices of up to k best rows for `query` (d,), best first.

        When the nearest groups hold fewer than k allowed rows (a filter, or one kind
        of offer clustering apart from the other), the search widens group by group,
        up to all of them, rather than answer with too few. `n_probe` overrides the
        index's own number of groups for this search.
        """
        order = np.argsort(self.centroids_ @ query)[::-1]
        probes, extra = n_probe or self.n_probe, self.extra_vectors_ @ query
        while True:
            spans = [(self.offsets_[c], self.offsets_[c + 1]) for c in order[:probes]]
            rows = np.concatenate([*(self.members_[a:b] for a, b in spans), self.extra_rows_])
            scores = np.concatenate([*(self.vectors_[a:b] @ query for a, b in spans), extra])
            if allowed is not None:
                keep = allowed[rows]
                rows, scores = rows[keep], scores[keep]
            if rows.size >= k or probes >= len(order):
                break
            probes *= 4
        if rows.size == 0:
            return rows
        top = np.argpartition(-scores, min(k, rows.size) - 1)[:k]
        return rows[top[np.argsort(-scores[top])]]


class RareTerms:
    """Where each rare term occurs: the rows sharing a rare term with a query, found
    exactly, beside the index's approximate search.

    A truncated SVD keeps the directions many rows share. A term few rows use — a
    grade, a specific process, a trade name — is nearly lost in the reduced space, yet it
    is often what makes a pair the best one. A term is rare when it occurs in at most
    `share` of the rows; only those terms' postings are kept (a few percent of the
    matrix), so a query reads a few thousand entries at most.
    """

    def __init__(self, share: float = 0.02):
        self.share = share

    def fit(self, matrix, rows=None, chunk: int = 100_000) -> "RareTerms":
        """Keep the postings of `matrix`'s rare terms; `rows` numbers its rows as
        searches report them (default 0…n-1). `matrix` is read in blocks of rows (it may
        be a ml.retrieval.RowSum), so no copy of it is ever whole."""
        n, width = matrix.shape
        counts = np.zeros(width, dtype=np.int64)
        for _, block in _blocks(matrix, chunk):
            counts += np.bincount(block.indices, minlength=width)
        self.rare_ = (counts > 0) & (counts <= max(1, int(self.share * n)))
        data, terms, owners = [], [], []
        for start, block in _blocks(matrix, chunk):
            kept = np.flatnonzero(self.rare_[block.indices])
            owners.append(np.searchsorted(block.indptr, kept, side="right") - 1 + start)
            data.append(block.data[kept])
            terms.append(block.indices[kept])
        self.postings_ = sp.csr_matrix(
            (
                np.concatenate(data) if data else np.zeros(0, dtype=np.float32),
                (
                    np.concatenate(terms) if terms else np.zeros(0, dtype=np.int32),
                    np.concatenate(owners).astype(np.int32) if owners else np.zeros(0, np.int32),
                ),
            ),
            shape=(width, n),
            dtype=np.float32,
        )
        self.rows_ = np.arange(n) if rows is None else np.asarray(rows, dtype=np.int64)
        return self

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None):
        """Up to k allowed rows with the largest dot product with `query` (dense, full
        width) over its rare terms, best first."""
        terms = np.flatnonzero(query)
        terms = terms[self.rare_[terms]]
        if not terms.size:
            return np.empty(0, dtype=np.int64)
        vector = sp.csr_matrix(
            (query[terms], (np.zeros(terms.size, dtype=np.int32), terms)),
            shape=(1, self.postings_.shape[0]),
        )
        hits = vector @ self.postings_
        rows, scores = self.rows_[hits.indices], hits.data
        if allowed is not None:
            keep = allowed[rows]
            rows, scores = rows[keep], scores[keep]
        if rows.size > k:
            top = np.argpartition(-scores, k - 1)[:k]
            rows, scores = rows[top], scores[top]
        return rows[np.argsort(-scores)]

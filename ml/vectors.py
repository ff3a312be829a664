"""Text vectors: TF-IDF over canonical terms beside TF-IDF over plain words.

Each text becomes one sparse row whose first columns are canonical terms (ml.text:
concepts, stems) and whose last columns are the plain words as written, each half
l2-normalised and scaled by 1/√2: the dot product of two rows is the mean of the
canonical cosine and the plain-word cosine. The canonical half joins what is written
differently ("bubut", "turning"); the plain half keeps what the vocabulary does not
know (grades such as S45C or ADC12, brand names).

Weighting is scikit-learn's `TfidfVectorizer(sublinear_tf=True)` (smooth idf), both
views fitted over every text of both sides as one corpus (ml.encode.tfidf). Rows are
then scaled by pivoted length normalisation (Singhal, Buckley and Mitra, "Pivoted
document length normalization", SIGIR 1996): a text of length L is divided by
(1 − s)·P + s·L instead of L, P being the mean length of that kind of text. Plain
cosine (s = 1) favours short texts: a profile that says only "bubut" matches every
turning need better than a full turning shop's profile does.
"""

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from ml.encode import counts, tfidf

HALF = np.float32(1 / np.sqrt(2))


class TextSpace:
    """The fitted vocabularies of both views, and the rows they make of texts.

    Attributes
    ----------
    canon, raw : TfidfVectorizer
        Fitted on canonical terms and on plain words (their vocabularies and idf; rows()
        weighs and normalises texts itself, as the fit did).
    terms : ndarray of str
        The canonical terms, in column order (the first `len(terms)` columns).
    rarity : dict
        Each canonical term's idf.
    pivots : dict
        (view, key) → mean row length of that kind of text.
    slope : float
        The pivoted normalisation's slope (1: plain cosine normalisation).
    """

    def __init__(self, canon: TfidfVectorizer, raw: TfidfVectorizer, pivots: dict, slope: float):
        self.canon, self.raw = canon, raw
        self.terms = canon.get_feature_names_out()
        self.rarity = dict(zip(map(str, self.terms), canon.idf_.tolist(), strict=True))
        self.pivots, self.slope = pivots, slope

    @property
    def width(self) -> int:
        return len(self.terms) + len(self.raw.vocabulary_)

    def rows(self, docs: list[dict], key: str) -> sp.csr_matrix:
        """Rows for documents' text under `key` (canonical) and "raw:"+key (plain words)."""
        halves = []
        for view, vectorizer in (("canon", self.canon), ("raw", self.raw)):
            prefix = "" if view == "canon" else "raw:"
            matrix = _weighed([d[prefix + key] for d in docs], vectorizer)
            lengths = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1))).ravel()
            halves.append(pivoted(matrix, lengths, self.pivots[view, key], self.slope))
        return join(*halves)

    def item_rows(self, doc: dict, key: str, like: str, mark: str) -> sp.csr_matrix:
        """One row per item of one document's text under `key` (each item starts with
        `mark`), weighed and normalised as texts under `like` are."""
        halves = []
        for prefix in ("", "raw:"):
            found, item = [], None
            for term in doc[prefix + key]:
                if term == mark:
                    item = []
                    found.append(item)
                elif item is not None:
                    item.append(term)
            halves.append(found)
        docs = [{like: c, "raw:" + like: r} for c, r in zip(*halves, strict=True)]
        if len(docs) < 2:  # a single item is the text itself (see _several_only)
            return sp.csr_matrix((0, self.width), dtype=np.float32)
        return self.rows(docs, like)

    def items(self, texts: dict, vocabulary: dict[str, int], like: str, mark: str):
        """Rows for the items of many documents' texts, as `merge` gives them under
        "canon" and "raw" ((indptr, ids), each item starting with `mark`), weighed and
        normalised as texts under `like` are; and each document's range of item rows
        (document d has rows ptr[d]:ptr[d + 1])."""
        halves, ptr = [], None
        for view in ("canon", "raw"):
            indptr, ids = texts[view]
            is_mark = ids == vocabulary.get(mark, -1)
            owner = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
            ptr = np.zeros(len(indptr), dtype=np.int64)
            np.cumsum(np.bincount(owner[is_mark], minlength=len(indptr) - 1), out=ptr[1:])
            item = (np.cumsum(is_mark) - 1)[~is_mark]
            n_items = int(is_mark.sum())
            halves.append(self._view(view, like, item, ids[~is_mark], n_items, vocabulary))
        return _several_only(join(*halves), ptr)

    def transform(self, texts: dict, vocabulary: dict[str, int], key: str) -> sp.csr_matrix:
        """Rows for documents' texts under `key` and "raw:"+key, as `merge` gives them
        ((indptr, ids) over `vocabulary`), weighed and normalised exactly as the fit did
        (terms the fit did not keep are left out): new rows beside fitted ones."""
        halves = []
        for view, prefix in (("canon", ""), ("raw", "raw:")):
            indptr, ids = texts[prefix + key]
            owner = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
            halves.append(self._view(view, key, owner, ids, len(indptr) - 1, vocabulary))
        return join(*halves)

    def _view(self, view, like, owner, ids, n_rows, vocabulary) -> sp.csr_matrix:
        """One view's pivot-normalised rows from its terms (`ids` in `vocabulary`, each
        term in row `owner`), in the fitted columns."""
        vectorizer = self.canon if view == "canon" else self.raw
        lookup = np.full(max(len(vocabulary), 1), -1, dtype=np.int64)
        fitted = vectorizer.vocabulary_
        for term, local in vocabulary.items():
            lookup[local] = fitted.get(term, -1)
        columns = lookup[ids] if ids.size else ids.astype(np.int64)
        known = (columns >= 0) & (owner >= 0)
        shape = (n_rows, len(fitted))
        ones = np.ones(int(known.sum()), dtype=np.float32)
        counted = sp.csr_matrix((ones, (owner[known], columns[known])), shape=shape)
        counted.sum_duplicates()
        counted.data = (np.log(counted.data) + 1.0) * vectorizer.idf_[counted.indices]
        counted = counted.astype(np.float32)
        lengths = np.sqrt(np.asarray(counted.multiply(counted).sum(axis=1))).ravel()
        return pivoted(counted, lengths, self.pivots[view, like], self.slope)


def _several_only(items: sp.csr_matrix, ptr: np.ndarray):
    """The items of documents with at least two (and their ranges): a document's only
    item is the document itself, which its own row already holds."""
    sizes = np.diff(ptr)
    keep = np.repeat(sizes >= 2, sizes)
    sizes = np.where(sizes >= 2, sizes, 0)
    kept = np.zeros_like(ptr)
    np.cumsum(sizes, out=kept[1:])
    return items[np.flatnonzero(keep)], kept


def _weighed(texts: list[list[str]], vectorizer: TfidfVectorizer) -> sp.csr_matrix:
    """Unnormalised sublinear TF-IDF rows of term lists, in the vectorizer's columns (the
    weighting of ml.encode.tfidf, before its normalising)."""
    vocabulary, idf = vectorizer.vocabulary_, vectorizer.idf_
    data, indices, indptr = [], [], [0]
    for terms in texts:
        counted: dict[int, int] = {}
        for term in terms:
            column = vocabulary.get(term)
            if column is not None:
                counted[column] = counted.get(column, 0) + 1
        columns = sorted(counted)
        indices += columns
        data += [(np.log(counted[c]) + 1.0) * idf[c] for c in columns]
        indptr.append(len(indices))
    shape = (len(texts), len(vocabulary))
    return sp.csr_matrix((np.array(data, np.float32), indices, indptr), shape=shape)


def pivoted(matrix: sp.csr_matrix, lengths: np.ndarray, pivot: float, slope: float):
    """Rows of unnormalised TF-IDF `matrix` (whose lengths are `lengths`) divided by
    (1 − slope)·pivot + slope·length; a row already of unit length is rescaled alike."""
    norms = np.asarray(lengths, dtype=np.float64)
    current = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1), dtype=np.float64)).ravel()
    divisor = (1 - slope) * pivot + slope * norms
    scale = np.divide(norms, current * divisor, out=np.zeros_like(norms), where=current > 0)
    return sp.csr_matrix(sp.diags(scale.astype(np.float32)) @ matrix, dtype=np.float32)


def join(canon: sp.csr_matrix, raw: sp.csr_matrix) -> sp.csr_matrix:
    """[canonical | plain] with each half scaled by 1/√2 (rows keep unit length)."""
    matrix = sp.hstack([canon, raw], format="csr", dtype=np.float32)
    matrix.data *= HALF
    return matrix


def fit_space(texts: dict, vocabulary: dict[str, int], keys: list[str], min_df: int, slope):
    """Fit both views over the texts of `keys` (as ml.encode.merge returns them) and give
    (TextSpace, {key: matrix}); every key's canonical text is under key, plain words
    under "raw:"+key. Each key's rows are pivot-normalised around that key's mean length."""
    matrices: dict[str, list] = {key: [] for key in keys}
    fitted, pivots = {}, {}
    for view, prefix in (("canon", ""), ("raw", "raw:")):
        blocks = [counts(texts.pop(prefix + key), len(vocabulary)) for key in keys]
        halves, fitted[view], lengths = tfidf(blocks, vocabulary, min_df)
        for key, half, length in zip(keys, halves, lengths, strict=True):
            pivots[view, key] = float(length[length > 0].mean()) if (length > 0).any() else 1.0
            matrices[key].append(pivoted(half, length, pivots[view, key], slope))
    space = TextSpace(fitted["canon"], fitted["raw"], pivots, slope)
    return space, {key: join(*halves) for key, halves in matrices.items()}


def dense_row(matrix: sp.csr_matrix, row: int, out: np.ndarray | None = None) -> np.ndarray:
    """One row as a dense float32 vector (added into `out` when given)."""
    if out is None:
        out = np.zeros(matrix.shape[1], dtype=np.float32)
    span = slice(matrix.indptr[row], matrix.indptr[row + 1])
    np.add.at(out, matrix.indices[span], matrix.data[span])
    return out

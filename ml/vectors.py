"""Text vectors: TF-IDF over canonical terms beside TF-IDF over plain words.

Each text becomes one sparse row whose first columns are canonical terms (ml.text:
concepts, stems) and whose last columns are the plain words as written, each half
l2-normalised and scaled by 1/√2: the dot product of two rows is the mean of the
canonical cosine and the plain-word cosine. The canonical half joins what is written
differently ("bubut", "turning"); the plain half keeps what the vocabulary does not
know (grades such as S45C or ADC12, brand names).

Weighting is scikit-learn's `TfidfVectorizer(sublinear_tf=True)` (smooth idf), both
views fitted over every text of both sides as one corpus (ml.encode.tfidf).
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
        Fitted on canonical terms and on plain words.
    terms : ndarray of str
        The canonical terms, in column order (the first `len(terms)` columns).
    """

    def __init__(self, canon: TfidfVectorizer, raw: TfidfVectorizer):
        self.canon = canon
        self.raw = raw
        self.terms = canon.get_feature_names_out()

    @property
    def width(self) -> int:
        return len(self.terms) + len(self.raw.vocabulary_)

    def rows(self, docs: list[dict], key: str) -> sp.csr_matrix:
        """Rows for documents' text under `key` (canonical) and "raw:"+key (plain words)."""
        canon = self.canon.transform([" ".join(d[key]) for d in docs])
        raw = self.raw.transform([" ".join(d["raw:" + key]) for d in docs])
        return join(canon, raw)


def join(canon: sp.csr_matrix, raw: sp.csr_matrix) -> sp.csr_matrix:
    """[canonical | plain] with each half scaled by 1/√2 (rows keep unit length)."""
    matrix = sp.hstack([canon, raw], format="csr", dtype=np.float32)
    matrix.data *= HALF
    return matrix


def fit_space(texts: dict, vocabulary: dict[str, int], keys: list[str], min_df: int):
    """Fit both views over the texts of `keys` (as ml.encode.merge returns them) and give
    (TextSpace, {key: matrix}); every key's canonical text is under key, plain words
    under "raw:"+key."""
    matrices: dict[str, list] = {key: [] for key in keys}
    fitted = {}
    for view, prefix in (("canon", ""), ("raw", "raw:")):
        blocks = [counts(texts.pop(prefix + key), len(vocabulary)) for key in keys]
        halves, fitted[view] = tfidf(blocks, vocabulary, min_df)
        for key, half in zip(keys, halves, strict=True):
            matrices[key].append(half)
    return TextSpace(fitted["canon"], fitted["raw"]), {
        key: join(*halves) for key, halves in matrices.items()
    }


def row_dots(matrix: sp.csr_matrix, rows: np.ndarray, dense: np.ndarray) -> np.ndarray:
    """matrix[rows] @ dense for a CSR matrix, reading the rows' entries in place: no
    sub-matrix is built (scipy's row selection costs more than the products here)."""
    rows = np.asarray(rows, dtype=np.int64)
    starts, ends = matrix.indptr[rows], matrix.indptr[rows + 1]
    lengths = ends - starts
    owner = np.repeat(np.arange(len(rows)), lengths)
    positions = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths - starts, lengths)
    products = matrix.data[positions] * dense[matrix.indices[positions]]
    return np.bincount(owner, weights=products, minlength=len(rows)).astype(np.float32)


def dense_row(matrix: sp.csr_matrix, row: int, out: np.ndarray | None = None) -> np.ndarray:
    """One row as a dense float32 vector (added into `out` when given)."""
    if out is None:
        out = np.zeros(matrix.shape[1], dtype=np.float32)
    span = slice(matrix.indptr[row], matrix.indptr[row + 1])
    np.add.at(out, matrix.indices[span], matrix.data[span])
    return out

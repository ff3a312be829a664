"""Documents to sparse TF-IDF matrices at province scale.

Normalising text is the costly part of a fit, so it runs across processes, and
each worker hands back term ids in numpy arrays rather than lists of strings:
the parent process never walks the tokens one by one, and memory holds four
bytes per token instead of a string per word. The weighting is scikit-learn's
`TfidfVectorizer(sublinear_tf=True)` (smooth idf, rows of unit length), and a
fitted `TfidfVectorizer` is made from the result to transform single edited
profiles later, so a profile weighs the same whichever way it came in.
"""

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize


@dataclass
class Encoded:
    """A block of documents as term ids: `vocab` is this block's own term list, and
    `keys[key]` holds (terms per document, their ids concatenated) for each text key."""

    vocab: list[str] = field(default_factory=list)
    keys: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    columns: dict[str, np.ndarray] = field(default_factory=dict)


def encode(docs: list[dict[str, list[str]]], columns: dict, keys=None) -> Encoded:
    """Term ids of `docs` (each a dict key → terms) under `keys` (default: the first
    document's), with the block's own vocabulary."""
    keys = keys if keys is not None else (list(docs[0]) if docs else [])
    vocab: dict[str, int] = {}
    ids: dict[str, list[int]] = {}
    lengths: dict[str, list[int]] = {}
    for doc in docs:
        for key in keys:
            terms = doc[key]
            found = ids.setdefault(key, [])
            before = len(found)
            try:  # the common case, every term seen before, stays in C
                found += map(vocab.__getitem__, terms)
            except KeyError:
                del found[before:]
                for term in terms:
                    vocab.setdefault(term, len(vocab))
                found += map(vocab.__getitem__, terms)
            lengths.setdefault(key, []).append(len(terms))
    return Encoded(
        vocab=list(vocab),
        keys={
            key: (np.array(lengths[key], np.int32), np.array(ids[key], np.int32)) for key in ids
        },  # fmt: skip
        columns=columns,
    )


def merge(parts: list[Encoded], vocabulary: dict[str, int], keys) -> tuple[dict, dict]:
    """Join blocks: (key → (indptr, indices) over ids in `vocabulary`, which grows as
    new terms appear, for every one of `keys`; column name → values, in block order)."""
    pieces: dict[str, list] = {}
    for part in parts:
        mapping = np.fromiter(
            (vocabulary.setdefault(term, len(vocabulary)) for term in part.vocab),
            dtype=np.int32,
            count=len(part.vocab),
        )
        for key, (lengths, ids) in part.keys.items():
            pieces.setdefault(key, []).append((lengths, mapping[ids] if ids.size else ids))
    texts = {}
    for key in keys:
        blocks = pieces.get(key) or [(np.zeros(0, np.int32), np.zeros(0, np.int32))]
        lengths = np.concatenate([b[0] for b in blocks])
        indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        texts[key] = (indptr, np.concatenate([b[1] for b in blocks]))
    names = parts[0].columns if parts else {}
    columns = {name: np.concatenate([p.columns[name] for p in parts]) for name in names}
    return texts, columns


def counts(text: tuple[np.ndarray, np.ndarray], width: int) -> sp.csr_matrix:
    """Term counts of one key's documents, from (indptr, ids) as `merge` returns them."""
    indptr, indices = text
    ones = np.ones(len(indices), dtype=np.float32)
    shape = (len(indptr) - 1, max(width, 1))
    matrix = sp.csr_matrix((ones, indices.copy(), indptr.copy()), shape=shape)  # sorted in place
    matrix.sum_duplicates()  # repeated terms → one entry holding the count
    return matrix


def tfidf(
    blocks: list[sp.csr_matrix], vocabulary: dict[str, int], min_df: int
) -> tuple[list[sp.csr_matrix], TfidfVectorizer, list[np.ndarray]]:
    """TF-IDF matrices for blocks of term counts (fitted on all of them together), the
    vectorizer, and each block's row lengths before normalising (for ml.vectors' pivoted
    normalisation). Terms in fewer than `min_df` documents are dropped, as scikit-learn's
    min_df does, and so are one-letter words, which carry no meaning on their own.
    """
    counts = sp.vstack(blocks, format="csr")
    counts.sum_duplicates()  # repeated terms → one entry holding the count
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    words = np.array(list(vocabulary) or ["kosong"], dtype=object)
    long_enough = np.fromiter(map(len, words), dtype=np.int64, count=len(words)) > 1
    kept = np.flatnonzero((df >= max(min_df, 1)) & long_enough[: len(df)])
    terms = words[kept]
    if kept.size == 0:  # nothing to learn from: one placeholder column, every row empty
        matrix, terms = sp.csr_matrix((counts.shape[0], 1), dtype=np.float32), ["kosong"]
        idf = np.ones(1)
    else:
        matrix = counts[:, kept] if kept.size < counts.shape[1] else counts
        idf = np.log((1 + matrix.shape[0]) / (1 + df[kept])) + 1.0
    del counts
    matrix.data = ((np.log(matrix.data) + 1.0) * idf[matrix.indices]).astype(np.float32)
    lengths = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1), dtype=np.float64)).ravel()
    normalize(matrix, copy=False)
    vectorizer = TfidfVectorizer(analyzer=str.split, sublinear_tf=True, dtype=np.float32)
    vectorizer.vocabulary_ = {str(term): i for i, term in enumerate(terms)}
    vectorizer.idf_ = idf
    sizes = np.cumsum([0, *(block.shape[0] for block in blocks)])
    spans = list(zip(sizes[:-1], sizes[1:], strict=True))
    return [matrix[a:b] for a, b in spans], vectorizer, [lengths[a:b] for a, b in spans]

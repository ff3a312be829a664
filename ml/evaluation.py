"""Ranking quality against a judged truth set, and the plain TF-IDF baseline.

Grades: 2 strong, 1 plausible; anything not judged is a non-match.
"""

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

METRICS = ("ndcg@10", "p@5", "mrr")


def ndcg_at(ranked: list, grades: dict, k: int = 10) -> float:
    """Normalised discounted cumulative gain of the first k, gains 2^grade − 1."""
    gains = [2 ** grades.get(item, 0) - 1 for item in ranked[:k]]
    ideal = sorted((2**g - 1 for g in grades.values()), reverse=True)[:k]
    discounts = 1 / np.log2(np.arange(2, k + 2))
    best = float(np.dot(ideal, discounts[: len(ideal)]))
    return float(np.dot(gains, discounts[: len(gains)])) / best if best else 0.0


def precision_at(ranked: list, grades: dict, k: int = 5) -> float:
    """Share of the first k that are matches (grade ≥ 1)."""
    return sum(1 for item in ranked[:k] if grades.get(item, 0) >= 1) / k


def reciprocal_rank(ranked: list, grades: dict) -> float:
    """1 / rank of the first match, 0 when none is ranked."""
    for position, item in enumerate(ranked, start=1):
        if grades.get(item, 0) >= 1:
            return 1.0 / position
    return 0.0


def score_rankings(rankings: dict, truth: dict) -> dict[str, float]:
    """Mean of each metric over the queries that have at least one match in `truth`."""
    queries = [q for q, grades in truth.items() if any(g >= 1 for g in grades.values())]
    if not queries:
        return {**dict.fromkeys(METRICS, 0.0), "queries": 0}
    values = {
        "ndcg@10": [ndcg_at(rankings.get(q, []), truth[q]) for q in queries],
        "p@5": [precision_at(rankings.get(q, []), truth[q]) for q in queries],
        "mrr": [reciprocal_rank(rankings.get(q, []), truth[q]) for q in queries],
    }
    return {**{m: round(float(np.mean(v)), 4) for m, v in values.items()}, "queries": len(queries)}


def tfidf_rankings(queries: dict, documents: dict) -> dict:
    """For each query text, every document id ranked by plain TF-IDF cosine (the baseline)."""
    if not queries or not documents:
        return {}
    vectorizer = TfidfVectorizer()
    vectorizer.fit(list(queries.values()) + list(documents.values()))
    doc_ids = list(documents)
    doc_matrix = vectorizer.transform([documents[i] for i in doc_ids])
    query_ids = list(queries)
    scores = (vectorizer.transform([queries[q] for q in query_ids]) @ doc_matrix.T).toarray()
    return {
        q: [doc_ids[j] for j in np.argsort(-scores[i], kind="stable")]
        for i, q in enumerate(query_ids)
    }

"""Ranking quality against a judged truth set, and the standard TF-IDF baseline.

Grades: 2 strong, 1 plausible; anything not judged is a non-match.
"""

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

METRICS = ("ndcg@10", "p@5", "mrr")
DIRECTIONS = ("business → companies", "company → businesses")
# The text fields each side is compared on, per kind: the ones the model reads.
BUSINESS_FIELDS = {
    "subcontracting": ("name", "description", "products", "capabilities", "equipment"),
    "mentoring": (
        "name", "description", "products", "capabilities", "equipment", "mentoring_needs",
    ),
}  # fmt: skip
COMPANY_FIELDS = {
    "subcontracting": ("description", "subcontracting_needs"),
    "mentoring": ("description", "mentoring_offer"),
}


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
    """For each query text, every document id ranked by TF-IDF cosine: scikit-learn's
    standard `TfidfVectorizer(sublinear_tf=True)` (smooth idf, l2 rows), fitted on the
    queries and documents together."""
    if not queries or not documents:
        return {}
    vectorizer = TfidfVectorizer(sublinear_tf=True)
    vectorizer.fit(list(queries.values()) + list(documents.values()))
    doc_ids = list(documents)
    doc_matrix = vectorizer.transform([documents[i] for i in doc_ids])
    query_ids = list(queries)
    scores = (vectorizer.transform([queries[q] for q in query_ids]) @ doc_matrix.T).toarray()
    return {
        q: [doc_ids[j] for j in np.argsort(-scores[i], kind="stable")]
        for i, q in enumerate(query_ids)
    }


def tfidf_baseline(businesses: list[dict], companies: list[dict], kind: str) -> dict:
    """The standard baseline for one kind, both directions: {direction: {name: ranked
    names}}. `businesses` and `companies` are rows in the columns of `import-data`;
    only companies with an offer of this kind are candidates."""
    offering = [c for c in companies if (c.get(COMPANY_FIELDS[kind][1]) or "").strip()]
    business_text = {b["name"]: _join(b, BUSINESS_FIELDS[kind]) for b in businesses}
    company_text = {c["name"]: _join(c, COMPANY_FIELDS[kind]) for c in offering}
    if not business_text or not company_text:
        return dict.fromkeys(DIRECTIONS, {})
    vectorizer = TfidfVectorizer(sublinear_tf=True)
    vectorizer.fit(list(business_text.values()) + list(company_text.values()))
    b_names, c_names = list(business_text), list(company_text)
    b_matrix = vectorizer.transform(list(business_text.values()))
    c_matrix = vectorizer.transform(list(company_text.values()))
    scores = (b_matrix @ c_matrix.T).toarray()
    return {
        DIRECTIONS[0]: {
            name: [c_names[j] for j in np.argsort(-scores[i], kind="stable")]
            for i, name in enumerate(b_names)
        },
        DIRECTIONS[1]: {
            name: [b_names[i] for i in np.argsort(-scores[:, j], kind="stable")]
            for j, name in enumerate(c_names)
        },
    }


def _join(row: dict, fields) -> str:
    return " ".join((row.get(name) or "") for name in fields)

"""The evaluate command's work: rank with the model and with plain TF-IDF, score both."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matchmaker.extensions import db
from matchmaker.matching import services
from matchmaker.profiles.models import Company, SmallBusiness
from ml.evaluation import score_rankings, tfidf_rankings


def _business_text(b: SmallBusiness) -> str:
    return " ".join(
        (b.name, b.description, b.products, b.capabilities, b.equipment, b.mentoring_needs)
    )


def _company_text(c: Company, kind: str) -> str:
    offers = c.needs if kind == "subcontracting" else c.programmes
    parts = [c.description] + [
        f"{o.title} {getattr(o, 'description', '')} {getattr(o, 'focus', '')}" for o in offers
    ]
    return " ".join(parts)


def evaluate_truth(truth: dict) -> list[dict]:
    """Rows of {kind, direction, queries, model: metrics, baseline: metrics}.

    `truth` maps kind → {(business name, company name): grade}. Both rankers see the
    same candidates: every business, and every company with an offer of that kind.
    """
    businesses = db.session.scalars(select(SmallBusiness)).all()
    companies = db.session.scalars(
        select(Company).options(selectinload(Company.needs), selectinload(Company.programmes))
    ).all()
    rows = []
    for kind, pairs in truth.items():
        offering = [c for c in companies if (c.needs if kind == "subcontracting" else c.programmes)]
        by_business, by_company = {}, {}
        for (business, company), grade in pairs.items():
            by_business.setdefault(business, {})[company] = grade
            by_company.setdefault(company, {})[business] = grade
        names_b = {b.name: b for b in businesses if b.name in by_business}
        names_c = {c.name: c for c in offering if c.name in by_company}
        model_b = {
            name: [s.company.name for s in services.suggest_companies(b, kind, len(offering))]
            for name, b in names_b.items()
        }
        model_c = {
            name: [s.business.name for s in services.suggest_businesses(c, kind, len(businesses))]
            for name, c in names_c.items()
        }
        base_b = tfidf_rankings(
            {n: _business_text(b) for n, b in names_b.items()},
            {c.name: _company_text(c, kind) for c in offering},
        )
        base_c = tfidf_rankings(
            {n: _company_text(c, kind) for n, c in names_c.items()},
            {b.name: _business_text(b) for b in businesses},
        )
        for direction, model_r, base_r, judged in (
            ("business → companies", model_b, base_b, {n: by_business[n] for n in names_b}),
            ("company → businesses", model_c, base_c, {n: by_company[n] for n in names_c}),
        ):
            model_scores = score_rankings(model_r, judged)
            rows.append(
                {
                    "kind": kind,
                    "direction": direction,
                    "queries": model_scores.pop("queries"),
                    "model": model_scores,
                    "baseline": _drop(score_rankings(base_r, judged)),
                }
            )
    return rows


def _drop(scores: dict) -> dict:
    scores.pop("queries", None)
    return scores


def ablation(truth: dict) -> list[dict]:
    """What each signal adds: nDCG@10 per direction with the defaults, then with each
    weighted signal left out (or each unweighted one given 0.1), weights renormalised."""
    model = services.get_model()
    saved = {kind: dict(weights) for kind, weights in model.weights_.items()}
    rows = []
    try:
        for kind in [k for k in saved if k in truth]:
            variants = {"defaults": saved[kind]}
            for name, weight in saved[kind].items():
                changed = {**saved[kind], name: 0.0 if weight > 0 else 0.1}
                total = sum(changed.values())
                label = f"without {name}" if weight > 0 else f"with {name} at 0.1"
                variants[label] = {k: v / total for k, v in changed.items()}
            for label, weights in variants.items():
                model.weights_[kind] = weights
                scores = {
                    r["direction"]: r["model"]["ndcg@10"]
                    for r in evaluate_truth({kind: truth[kind]})
                }
                rows.append({"kind": kind, "variant": label, "ndcg@10": scores})
    finally:
        model.weights_.update(saved)
    return rows

"""The evaluate command's work: rank with the model and with the standard TF-IDF
baseline, score both against judged pairs, and show what each signal does."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matchmaker.core.extensions import db
from matchmaker.matching import services
from matchmaker.profiles.models import Company, SmallBusiness
from ml import ablation as signals
from ml.evaluation import DIRECTIONS, score_rankings, tfidf_baseline


def business_row(b: SmallBusiness) -> dict[str, str]:
    """A business in the columns of `import-data businesses`."""
    return {
        "name": b.name,
        "description": b.description,
        "products": b.products,
        "capabilities": b.capabilities,
        "equipment": b.equipment,
        "mentoring_needs": b.mentoring_needs,
    }


def company_row(c: Company) -> dict[str, str]:
    """A company in the columns of `import-data companies` (its needs and its programmes
    each joined into one text)."""
    needs = [_need_text(n.title, n.description) for n in c.needs]
    programmes = [" ".join((p.title, p.focus, p.description)) for p in c.programmes]
    return {
        "name": c.name,
        "description": c.description,
        "subcontracting_needs": " ".join(needs),
        "mentoring_offer": " ".join(programmes),
    }


def _need_text(title: str, description: str) -> str:
    return description if description.startswith(title.rstrip("…")) else f"{title} {description}"


def evaluate_truth(truth: dict) -> list[dict]:
    """Rows of {kind, direction, queries, model: metrics, baseline: metrics}.

    `truth` maps kind → {(business name, company name): grade}. Both rankers see the
    same candidates: every business, and every company with an offer of that kind.
    """
    businesses = db.session.scalars(select(SmallBusiness)).all()
    companies = db.session.scalars(
        select(Company).options(selectinload(Company.needs), selectinload(Company.programmes))
    ).all()
    b_rows, c_rows = [business_row(b) for b in businesses], [company_row(c) for c in companies]
    rows = []
    for kind, pairs in truth.items():
        offering = [c for c in companies if (c.needs if kind == "subcontracting" else c.programmes)]
        judged = _judged(pairs)
        queries = {
            DIRECTIONS[0]: {b.name: b for b in businesses if b.name in judged[0]},
            DIRECTIONS[1]: {c.name: c for c in offering if c.name in judged[1]},
        }
        model = {
            DIRECTIONS[0]: {
                name: [s.company.name for s in services.suggest_companies(b, kind, len(offering))]
                for name, b in queries[DIRECTIONS[0]].items()
            },
            DIRECTIONS[1]: {
                name: [s.business.name for s in services.suggest_businesses(c, kind, 1000)]
                for name, c in queries[DIRECTIONS[1]].items()
            },
        }
        baseline = tfidf_baseline(b_rows, c_rows, kind)
        for (direction, ranked), truth_of in zip(model.items(), judged, strict=True):
            scores = score_rankings(ranked, truth_of)
            base = score_rankings(baseline[direction], truth_of)
            base.pop("queries")
            queries_n = scores.pop("queries")
            rows.append(
                {"kind": kind, "direction": direction, "queries": queries_n, "model": scores,
                 "baseline": base}
            )  # fmt: skip
    return rows


def _judged(pairs: dict) -> tuple[dict, dict]:
    by_business, by_company = {}, {}
    for (business, company), grade in pairs.items():
        by_business.setdefault(business, {})[company] = grade
        by_company.setdefault(company, {})[business] = grade
    return by_business, by_company


def ablation(truth: dict) -> list[dict]:
    """Per kind and variant (ml.ablation.variants): nDCG@10 in each direction and the
    effective share of each part of the ranking score."""
    model = services.get_model()
    sample = model.businesses_.rows_for(
        b.id for b in db.session.scalars(select(SmallBusiness).limit(200))
    )
    rows = []
    for kind in [k for k in ("subcontracting", "mentoring") if k in truth]:
        for label, changes in signals.variants(model, kind):
            with signals.changed(model, kind, changes):
                scores = {
                    r["direction"]: r["model"]["ndcg@10"]
                    for r in evaluate_truth({kind: truth[kind]})
                }
                shares = signals.effective_shares(model, kind, sample)
            rows.append({"kind": kind, "variant": label, "ndcg@10": scores, "shares": shares})
    return rows

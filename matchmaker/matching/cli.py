"""flask commands for the model: train, suggest, evaluate."""

import csv
import json
import time
from collections import defaultdict

import click
from flask import Flask
from sqlalchemy import func, select

from matchmaker.core.extensions import db
from matchmaker.matching import published, services
from matchmaker.matching.evaluate import ablation as signal_ablation
from matchmaker.matching.evaluate import evaluate_truth
from matchmaker.matching.models import ModelVersion
from matchmaker.profiles.models import Company, SmallBusiness
from ml.records import KINDS


@click.command("train")
@click.option(
    "--if-missing", is_flag=True, help="Only when no version is published yet (make run)."
)
@click.option(
    "--full", is_flag=True, help="Fit anew even when a refit of the newest version would do."
)
def train(if_missing: bool, full: bool) -> None:
    """Fit the partner model on the whole database and publish it as a new version (every
    app server downloads it); its file stays beside MODEL_PATH as this machine's copy.
    When few businesses changed since the newest version, that one is refitted instead
    (MODEL_REFIT_MAX_SHARE, MODEL_REFITS_BEFORE_FULL)."""
    if if_missing and (newest := published.newest()) is not None:
        click.echo(f"Model version {newest.id} is published already: not training.")
        return
    started = time.monotonic()
    say = lambda stage: click.echo(f"  … {stage}", err=True)  # noqa: E731
    model = services.train(progress=say, full=full)
    took = time.monotonic() - started
    version = services.served_version()
    row = db.session.get(ModelVersion, version.id) if version else None
    how = f" (a refit of version {row.based_on})" if row and row.based_on else ""
    click.echo(
        f"Model version {version.id if version else '?'}{how} published and saved to "
        f"{services.model_path()} in {took:.1f} s: "
        f"{len(model.businesses_):,} businesses, {len(model.offers_):,} offers."
    )
    for kind, entry in model.training_report_.items():
        counts = f"{entry['decisions']} decisions ({entry['positive']} positive)"
        line = f"  {kind}: {counts} → {entry['used']}"
        if "auc_learned" in entry:
            line += (
                f"; AUC learned {entry['auc_learned']:.3f} vs defaults "
                f"{entry['auc_default']:.3f} over {entry['folds']} folds of companies"
            )
        if "why" in entry:
            line += f" ({entry['why']})"
        for name, (defaults, learned) in entry.get("judged", {}).items():
            line += f"; {name} set nDCG@10 learned {learned:.3f} vs defaults {defaults:.3f}"
        click.echo(line)


def _model_here() -> None:
    """Commands may train (web requests never do): with no published model yet, train one
    now rather than wait for the job worker."""
    try:
        services.get_model()
    except services.ModelPreparing:
        click.echo("No published model yet: training one now.", err=True)
        services.train()


def _one(model_class, name: str):
    found = db.session.scalars(
        select(model_class).where(func.lower(model_class.name) == name.lower())
    ).all()
    if not found:
        raise click.ClickException(
            f"No {model_class.__tablename__.replace('_', ' ')} named {name!r}."
        )
    return found[0]


@click.command("suggest")
@click.option("--kind", type=click.Choice(KINDS), required=True)
@click.option("--top", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--all-businesses", is_flag=True, help="One line per business.")
@click.option("--all-companies", is_flag=True, help="One line per company.")
@click.option("--business", "business_name", help="Only this business (by name).")
@click.option("--company", "company_name", help="Only this company (by name).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.option("--lang", type=click.Choice(("id", "en")), default="id", show_default=True)
def suggest(kind, top, all_businesses, all_companies, business_name, company_name, as_json, lang):
    """Print suggestions: companies for businesses, or businesses for companies."""
    chosen = [all_businesses, all_companies, bool(business_name), bool(company_name)]
    _model_here()
    if sum(chosen) != 1:
        raise click.UsageError(
            "Give exactly one of --all-businesses, --all-companies, --business, --company."
        )
    if all_businesses or business_name:
        subject, other, model_class, name = "business", "company", SmallBusiness, business_name
        find = services.suggest_companies
    else:
        subject, other, model_class, name = "company", "business", Company, company_name
        find = services.suggest_businesses
    for record in [_one(model_class, name)] if name else _all(model_class):
        items = [
            {
                other: getattr(row, other).name,
                "score": row.suggestion.score,
                "band": row.suggestion.band,
                "reasons": [reason.text(lang) for reason in row.suggestion.reasons],
            }
            for row in find(record, kind, top)
        ]
        _emit({subject: record.name, "suggestions": items}, as_json)


def _all(model_class) -> list:
    return list(db.session.scalars(select(model_class).order_by(model_class.id)))


def _emit(record: dict, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(record, ensure_ascii=False))
        return
    subject = record.get("business") or record.get("company")
    click.echo(subject)
    for item in record["suggestions"]:
        other = item.get("company") or item.get("business")
        click.echo(f"  {item['score']:.3f}  {item['band']:<6}  {other}")
        for reason in item["reasons"]:
            click.echo(f"         · {reason}")


@click.command("evaluate")
@click.argument("truth_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--ablation", is_flag=True, help="Also show what each signal adds (nDCG@10).")
def evaluate(truth_path: str, as_json: bool, ablation: bool) -> None:
    """nDCG@10, P@5 and MRR per kind and direction, model beside a plain TF-IDF baseline."""
    _model_here()
    truth = defaultdict(dict)
    with open(truth_path, newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            key = (row["kind"].strip(), row["business"].strip(), row["company"].strip())
            truth[key[0]][key[1:]] = int(row["grade"])
    results = evaluate_truth(truth)
    signals = signal_ablation(truth) if ablation else []
    if as_json:
        click.echo(
            json.dumps(
                {"results": results, "ablation": signals} if ablation else results,
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    click.echo(
        f"{'kind':<15} {'direction':<22} {'metric':<8} {'model':>7} {'tf-idf':>7} {'queries':>7}"
    )
    for row in results:
        for metric in ("ndcg@10", "p@5", "mrr"):
            click.echo(
                f"{row['kind']:<15} {row['direction']:<22} {metric:<8} "
                f"{row['model'][metric]:>7.3f} {row['baseline'][metric]:>7.3f} {row['queries']:>7}"
            )
    if any(
        row["model"][m] < row["baseline"][m] for row in results for m in ("ndcg@10", "p@5", "mrr")
    ):
        click.echo("Note: the model trails the baseline on at least one figure.", err=True)
    if signals:
        _print_ablation(signals)


def _print_ablation(rows: list[dict]) -> None:
    """nDCG@10 per variant, and the effective share of each part of the ranking score."""
    width = max([len("variant"), *(len(row["variant"]) for row in rows)])
    click.echo(
        f"\n{'kind':<15} {'variant':<{width}} {'b→c nDCG@10':>12} {'c→b nDCG@10':>12}"
        "  effective shares"
    )
    for row in rows:
        b_to_c, c_to_b = row["ndcg@10"].values()
        shares = ", ".join(f"{name} {share:.0%}" for name, share in row["shares"].items() if share)
        click.echo(
            f"{row['kind']:<15} {row['variant']:<{width}} {b_to_c:>12.3f} {c_to_b:>12.3f}  {shares}"
        )


def init_app(app: Flask) -> None:
    for command in (train, suggest, evaluate):
        app.cli.add_command(command)

"""Demo WUB programme: cohorts since 2019, their participants' status over time and
monitoring visits, so the dashboards, the overdue list and the allocation have
something true-looking to show.

Built directly as records (not through the services), dated relative to today so the
6- and 12-month funnel and the overdue list stay current whenever the demo is seeded.
Participants who started a business are the owners of the demo businesses.
"""

import random
from datetime import date, timedelta

from matchmaker.auth.models import User
from matchmaker.brokering.seksi import seksi_of
from matchmaker.profiles.models import SmallBusiness
from matchmaker.reference.models import Kecamatan
from matchmaker.wub.cohorts.models import Cohort, Education, Participant, StatusChange, WubStatus
from matchmaker.wub.monitoring.models import MonitoringVisit, Problem, RevenueBand

FIRST_YEAR = 2019
# (name, trade, destination) of the trainings the Department runs, after the news report.
TRAININGS = (
    ("Magang Kerajinan Logam", "metal_crafts", "Cepogo, Boyolali"),
    ("Pelatihan Kerajinan Tembaga", "copper_crafts", "Tumang, Boyolali"),
    ("Pelatihan Permesinan & Bubut", "machining", "Bogor"),
    ("Pelatihan Otomotif", "automotive", "Bogor"),
    ("Magang Gulung Dinamo", "rewinding", "Kampung Dinamo, Surabaya"),
    ("Pelatihan Las & Fabrikasi", "welding", "BLK Cikarang"),
    ("Pelatihan Servis Elektronik", "electronics", "BBPLK Bekasi"),
    ("Studi Banding Kerajinan", "other", "Jepara"),
)
EDUCATION_WEIGHTS = {
    Education.SMP: 12, Education.SLTA: 70, Education.DIPLOMA: 8, Education.SD: 6,
    Education.SARJANA: 4,
}  # fmt: skip
# fmt: off
GIVEN = ("Rizky", "Dimas", "Fajar", "Aditya", "Bagus", "Yoga", "Ilham", "Siti", "Nur", "Dewi",
         "Ayu", "Putri", "Reza", "Andi", "Asep", "Wahyu", "Arif", "Galih", "Fitri", "Wulan")
FAMILY = ("Pratama", "Saputra", "Setiawan", "Hidayat", "Nugroho", "Lestari", "Sari", "Utami",
          "Kurniawan", "Wijaya", "Ramadhan", "Santoso", "Permana", "Fauzi")
# fmt: on


def programme(
    rng: random.Random,
    kecamatan: list[Kecamatan],
    businesses: list[SmallBusiness],
    official: User,
    today: date | None = None,
) -> list[Cohort]:
    """Cohorts from 2019 to this year with participants, history and visits."""
    today = today or date.today()
    owners = {}  # trade -> businesses not yet linked, whose owners were trained
    for business in businesses[1:]:  # the demo owner's business is not a WUB
        owners.setdefault(business.trade, []).append(business)
    cohorts = []
    for year in range(FIRST_YEAR, today.year + 1):
        for number, (title, trade, place) in enumerate(rng.sample(TRAININGS, rng.randint(3, 5))):
            start = date(year, rng.choice((3, 5, 7, 9)), 1) + timedelta(days=7 * number)
            if start > today:
                continue
            cohort = Cohort(
                name=f"{title} {year}",
                year=year,
                trade=trade,
                destination=place,
                seksi=seksi_of(trade),
                start_date=start,
                end_date=start + timedelta(days=rng.choice((10, 14, 21))),
                budget_source="APBD",
            )
            for _ in range(rng.randint(15, 30)):
                _participant(rng, cohort, kecamatan, owners, official, today)
            cohorts.append(cohort)
    return cohorts


def _participant(rng, cohort, kecamatan, owners, official, today) -> Participant:
    education = rng.choices(list(EDUCATION_WEIGHTS), list(EDUCATION_WEIGHTS.values()))[0]
    person = Participant(
        cohort=cohort,
        name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
        phone=f"+628{rng.choice((12, 13, 21, 52, 57, 77, 95))}{rng.randint(10**7, 10**8 - 1)}",
        kecamatan=rng.choice(kecamatan),
        education=education,
        priority=education == Education.SLTA and rng.random() < 0.85,
        birth_date=date(cohort.year - rng.randint(18, 27), rng.randint(1, 12), rng.randint(1, 28)),
        trade=cohort.trade,
    )
    steps = _story(rng, cohort, today)
    if any(status == WubStatus.STARTED for status, _on in steps):
        waiting = owners.get(cohort.trade)
        business = waiting.pop() if waiting else None
        if business is None:  # no demo business left in this trade: the story ends trained
            steps = [(s, on) for s, on in steps if s in _TRAINING]
        else:
            person.business, person.name = business, business.owner_name
            person.phone, person.kecamatan = business.phone or person.phone, business.kecamatan
    previous = None
    for status, on in steps:
        person.history.append(
            StatusChange(status=status, previous=previous, changed_on=on, changed_by=official)
        )
        previous = status
    person.status, person.status_since = steps[-1]
    if person.business is not None:
        person.visits = _visits(rng, steps, official, today)
    return person


_TRAINING = (WubStatus.SELECTED, WubStatus.IN_TRAINING, WubStatus.TRAINED)


def _story(rng: random.Random, cohort: Cohort, today: date) -> list[tuple[WubStatus, date]]:
    """The dated steps one trainee took so far."""
    steps = [(WubStatus.SELECTED, cohort.start_date - timedelta(days=30))]
    if cohort.start_date > today:
        return steps
    steps.append((WubStatus.IN_TRAINING, cohort.start_date))
    if cohort.end_date > today:
        return steps
    if rng.random() < 0.04:
        return [*steps, (WubStatus.CLOSED, cohort.end_date)]  # dropped out
    steps.append((WubStatus.TRAINED, cohort.end_date))
    on = cohort.end_date
    for status, chance, days in (
        (WubStatus.STARTED, 0.6, (30, 180)),
        (WubStatus.OPERATING, 0.8, (60, 200)),
        (WubStatus.GROWING, 0.3, (180, 540)),
    ):
        on = on + timedelta(days=rng.randint(*days))
        if on > today or rng.random() > chance:
            return steps
        steps.append((status, on))
        if status != WubStatus.STARTED and rng.random() < 0.12:
            later = on + timedelta(days=rng.randint(60, 300))
            if later <= today:
                ending = WubStatus.CLOSED if rng.random() < 0.4 else WubStatus.STALLED
                return [*steps, (ending, later)]
    return steps


def _visits(rng, steps, official, today) -> list[MonitoringVisit]:
    started = next(on for status, on in steps if status == WubStatus.STARTED)
    visits, on = [], started + timedelta(days=rng.randint(20, 60))
    while on <= today:
        status = [s for s, when in steps if when <= on][-1]
        operating = status not in (WubStatus.STALLED, WubStatus.CLOSED)
        visits.append(
            MonitoringVisit(
                visited_on=on,
                officer=official,
                operating=operating,
                employees=rng.randint(1, 3 if status == WubStatus.STARTED else 8)
                if operating
                else 0,
                revenue_band=rng.choice(_BANDS[status]) if operating else None,
                partner_orders=rng.choice((0, 0, 1, 2, 3)) if operating else 0,
                problems=",".join(p.value for p in rng.sample(list(Problem), rng.randint(0, 2))),
                notes=rng.choice(_NOTES),
            )
        )
        if status == WubStatus.CLOSED:
            break
        on += timedelta(days=rng.randint(60, 160))
    return visits


_BANDS = {
    WubStatus.STARTED: (RevenueBand.UNDER_1M, RevenueBand.FROM_1M),
    WubStatus.OPERATING: (RevenueBand.FROM_1M, RevenueBand.FROM_1M, RevenueBand.FROM_5M),
    WubStatus.GROWING: (RevenueBand.FROM_5M, RevenueBand.FROM_10M, RevenueBand.OVER_25M),
    WubStatus.STALLED: (RevenueBand.UNDER_1M,),
    WubStatus.CLOSED: (RevenueBand.UNDER_1M,),
}
_NOTES = (
    "Usaha berjalan, pesanan dari warga sekitar.",
    "Butuh mesin tambahan, sedang cari KUR.",
    "Sudah kirim sampel ke pabrik di kawasan.",
    "Bahan baku naik, margin tipis.",
    "Tempat usaha pindah ke rumah orang tua.",
    "Minta dibantu foto produk dan katalog.",
    "",
)

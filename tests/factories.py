"""factory_boy factories for the models, committing through the app's session."""

from datetime import date

import factory
from factory.alchemy import SQLAlchemyModelFactory
from sqlalchemy import select

from matchmaker.auth.models import Role, User, utcnow
from matchmaker.core.extensions import db
from matchmaker.profiles.models import (
    Company,
    MentoringProgramme,
    SmallBusiness,
    SubcontractingNeed,
)
from matchmaker.reference.models import IndustrialEstate, Kecamatan
from matchmaker.wub.cohorts.models import Cohort, Education, Participant, StatusChange, WubStatus
from matchmaker.wub.monitoring.models import MonitoringVisit, RevenueBand

PASSWORD = "rahasia-uji-123"


def kecamatan(name: str = "Cikarang Barat") -> Kecamatan:
    return db.session.scalar(select(Kecamatan).where(Kecamatan.name == name))


def estate(short_name: str = "MM2100") -> IndustrialEstate:
    return db.session.scalar(
        select(IndustrialEstate).where(IndustrialEstate.short_name == short_name)
    )


class Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class UserFactory(Base):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"pengguna{n}@contoh.id")
    name = factory.Sequence(lambda n: f"Pengguna {n}")
    role = Role.OWNER
    consent_at = factory.LazyFunction(utcnow)
    password_hash = factory.LazyFunction(lambda: _hash(PASSWORD))


def _hash(password: str) -> str:
    from werkzeug.security import generate_password_hash

    return generate_password_hash(password, method="pbkdf2:sha256:1000")


class BusinessFactory(Base):
    class Meta:
        model = SmallBusiness

    owner = factory.SubFactory(UserFactory, role=Role.OWNER)
    name = factory.Sequence(lambda n: f"Bengkel Bubut Maju {n}")
    owner_name = "Agus Setiawan"
    trade = "machining"
    kbli_code = "25920"
    kbli_edition = 2020
    kecamatan = factory.LazyFunction(kecamatan)
    products = "Bushing, poros, dan mur baut custom"
    capabilities = "Bubut manual dan CNC, toleransi 0,05 mm"
    equipment = "2 mesin bubut, 1 mesin frais"
    employees = 3
    phone = "+6281234567890"
    email = factory.Sequence(lambda n: f"usaha{n}@contoh.id")


class CompanyFactory(Base):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"PT Komponen Presisi {n}")
    estate = factory.LazyFunction(estate)
    kecamatan = factory.LazyFunction(kecamatan)
    kbli_code = "29300"
    kbli_edition = 2020
    description = "Produsen komponen otomotif roda empat"
    contact_email = factory.Sequence(lambda n: f"csr{n}@perusahaan.co.id")
    contact_phone = "+62218901234"


class NeedFactory(Base):
    class Meta:
        model = SubcontractingNeed

    company = factory.SubFactory(CompanyFactory)
    title = "Bushing baja diameter 20 mm"
    description = "Pembubutan bushing baja S45C sesuai gambar kerja"
    volume = 2000
    volume_unit = "pcs/bulan"


class ProgrammeFactory(Base):
    class Meta:
        model = MentoringProgramme

    company = factory.SubFactory(CompanyFactory)
    title = "Pendampingan mutu bengkel"
    focus = "Pengendalian mutu, 5S, dan perhitungan harga pokok"
    capacity = 5


class CohortFactory(Base):
    class Meta:
        model = Cohort

    name = factory.Sequence(lambda n: f"Pelatihan Logam Cepogo {n}")
    year = 2024
    trade = "metal_crafts"
    destination = "Cepogo, Boyolali"
    seksi = "ILMO"
    start_date = date(2024, 7, 1)
    end_date = date(2024, 7, 14)
    budget_source = "APBD"


class ParticipantFactory(Base):
    """A trainee who finished the cohort's training (status history included)."""

    class Meta:
        model = Participant

    cohort = factory.SubFactory(CohortFactory)
    name = factory.Sequence(lambda n: f"Peserta {n}")
    phone = factory.Sequence(lambda n: f"+62812{n:08d}")
    kecamatan = factory.LazyFunction(lambda: kecamatan("Setu"))
    education = Education.SLTA
    priority = True
    birth_date = date(2002, 5, 17)
    trade = "metal_crafts"
    status = WubStatus.TRAINED
    status_since = date(2024, 7, 14)

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        if not self.history:
            self.history = [
                StatusChange(status=WubStatus.SELECTED, changed_on=date(2024, 6, 1)),
                StatusChange(
                    status=self.status, previous=WubStatus.SELECTED, changed_on=self.status_since
                ),
            ]
            if create:
                db.session.commit()


class VisitFactory(Base):
    class Meta:
        model = MonitoringVisit

    participant = factory.SubFactory(ParticipantFactory)
    visited_on = date(2025, 1, 15)
    operating = True
    employees = 2
    revenue_band = RevenueBand.FROM_1M
    partner_orders = 1
    problems = "capital,marketing"
    notes = "Usaha berjalan, butuh modal untuk mesin."

"""Every model, imported in one place so the metadata is complete for Alembic."""

from matchmaker.audit.models import AuditEntry
from matchmaker.auth.models import ApiToken, Membership, Role, User
from matchmaker.brokering.models import (
    Introduction,
    IntroductionMessage,
    Partnership,
    ProgressNote,
)
from matchmaker.matching.models import FeedbackSource, Kind, MatchFeedback
from matchmaker.notifications.models import EmailSetting, Notification, OutgoingEmail
from matchmaker.profiles.models import (
    Company,
    MentoringProgramme,
    SmallBusiness,
    SubcontractingNeed,
)
from matchmaker.reference.models import IndustrialEstate, KbliCode, Kecamatan
from matchmaker.wub.cohorts.models import Cohort, Participant, StatusChange
from matchmaker.wub.dashboard.models import Target
from matchmaker.wub.monitoring.models import MonitoringVisit, VisitPhoto
from matchmaker.wub.spreadsheets.models import PendingUpload

__all__ = [
    "ApiToken",
    "Cohort",
    "MonitoringVisit",
    "Participant",
    "PendingUpload",
    "StatusChange",
    "Target",
    "VisitPhoto",
    "AuditEntry",
    "EmailSetting",
    "Introduction",
    "IntroductionMessage",
    "Notification",
    "OutgoingEmail",
    "Partnership",
    "ProgressNote",
    "Company",
    "IndustrialEstate",
    "Kecamatan",
    "KbliCode",
    "FeedbackSource",
    "Kind",
    "MatchFeedback",
    "Membership",
    "MentoringProgramme",
    "Role",
    "SmallBusiness",
    "SubcontractingNeed",
    "User",
]

"""The field's words as validated pydantic models. Import them from here."""

from tac.models.actions import Action, ActionStatus, ProgressNote
from tac.models.base import Model, Record, new_id
from tac.models.history import (
    FAMILY_AGREES_LABELS,
    INVOLVEMENT_REASON_LABELS,
    ChronologyEvent,
    EventKind,
    FamilyAgrees,
    InvolvementReason,
    Referral,
    ReferralStatus,
    Significance,
)
from tac.models.meetings import (
    ATTENDANCE_STATUS_LABELS,
    OUTCOME_LABELS,
    REVIEW_OUTCOME_LABELS,
    TOLD_HOW_LABELS,
    ActionReview,
    Attendance,
    AttendanceStatus,
    ChildVoice,
    MeetingStatus,
    ReviewOutcome,
    ScreeningDecision,
    ScreeningMeeting,
    ScreeningOutcome,
    TacMeeting,
    TacMeetingKind,
    ToldHow,
)
from tac.models.people import (
    AGENCY_KIND_LABELS,
    CLOSURE_REASON_LABELS,
    OPEN_STATUSES,
    Agency,
    AgencyKind,
    ClosureReason,
    Consent,
    Family,
    FamilyStatus,
    LeadProfessionalTerm,
    NhsNumber,
    Person,
    PersonRole,
    Professional,
    StatusChange,
)
from tac.models.signs import (
    COLUMN_LABELS,
    WORRY_CATEGORY_LABELS,
    AssessmentItem,
    Column,
    DangerStatement,
    NeedDomain,
    Participant,
    SafetyGoal,
    ScalingScore,
    WorryCategory,
)

__all__ = [
    "AGENCY_KIND_LABELS", "CLOSURE_REASON_LABELS", "COLUMN_LABELS", "OPEN_STATUSES",
    "OUTCOME_LABELS", "WORRY_CATEGORY_LABELS", "Action", "ActionReview", "ActionStatus",
    "Agency", "AgencyKind", "AssessmentItem", "Attendance", "AttendanceStatus",
    "ChildVoice", "ChronologyEvent", "ClosureReason", "Column", "Consent",
    "DangerStatement", "EventKind", "Family", "FamilyStatus", "LeadProfessionalTerm",
    "MeetingStatus", "Model", "NeedDomain", "Participant", "Person", "PersonRole",
    "Professional", "ProgressNote", "Record", "Referral", "ReferralStatus",
    "ReviewOutcome", "SafetyGoal", "ScalingScore", "ScreeningDecision",
    "ScreeningMeeting", "ScreeningOutcome", "Significance", "StatusChange", "TacMeeting",
    "TacMeetingKind", "WorryCategory", "new_id",
    "ATTENDANCE_STATUS_LABELS", "REVIEW_OUTCOME_LABELS",
    "FAMILY_AGREES_LABELS", "INVOLVEMENT_REASON_LABELS", "FamilyAgrees", "InvolvementReason",
    "NhsNumber",
    "TOLD_HOW_LABELS", "ToldHow",
]

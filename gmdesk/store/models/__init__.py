"""Every table of gmdesk. Import from here: ``from gmdesk.store.models import Account``."""

from sqlalchemy.orm import configure_mappers

from gmdesk.store.models.admin import AuditEntry, Draft, Operator, Setting
from gmdesk.store.models.calendar import DayNote, HolidayOverride
from gmdesk.store.models.filing import Attachment, AttachmentContent, FilingEvent
from gmdesk.store.models.inspection import RectificationItem, Report
from gmdesk.store.models.messages import Message, MessageEvent, Reply, ReplyTemplate, Transfer
from gmdesk.store.models.org import Account, AccountRole, PasswordRotation, Person, SecurityIncident, Unit
from gmdesk.store.models.policy import PolicyProfileRow
from gmdesk.store.models.posts import Post, RepostTarget, RepostTask
from gmdesk.store.models.rollups import PostDay, PostMonth
from gmdesk.store.models.training import Training, TrainingAttendee
from gmdesk.store.models.wording import PostWordingMark, WordingTerm

__all__ = [
    "Account",
    "AccountRole",
    "Attachment",
    "AttachmentContent",
    "AuditEntry",
    "DayNote",
    "Draft",
    "FilingEvent",
    "HolidayOverride",
    "Message",
    "MessageEvent",
    "Operator",
    "PasswordRotation",
    "Person",
    "PolicyProfileRow",
    "Post",
    "PostDay",
    "PostMonth",
    "PostWordingMark",
    "RectificationItem",
    "Reply",
    "ReplyTemplate",
    "Report",
    "RepostTarget",
    "RepostTask",
    "SecurityIncident",
    "Setting",
    "Training",
    "TrainingAttendee",
    "Transfer",
    "Unit",
    "WordingTerm",
]

configure_mappers()  # every model is imported above: map them now (see gmdesk.collector), not at a first query

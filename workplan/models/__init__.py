"""The work plan's models, one module per slice, all in the one `workplan` app.

The slices (drafting, review, workflow and publication, exports, public) share these models and their
tables; keeping one app keeps the tables, the migration history, the content types that django-guardian's
grants and the audit log point at, and every existing row exactly as they were.
"""

from workplan.models.drafting import (
    Activity,
    ConflictCopy,
    Objective,
    Section,
    SectionPresence,
    SectionRevision,
    WorkingCopy,
    content_of,
)
from workplan.models.exports import Export
from workplan.models.plans import Draft, DraftGroupObjectPermission, DraftUserObjectPermission, Plan
from workplan.models.review import Comment, ReviewAssignment
from workplan.models.search import SearchDocument
from workplan.models.workflow import CouncilDecision, DraftTransition, PublishedPlan

__all__ = [
    "Activity",
    "Comment",
    "ConflictCopy",
    "CouncilDecision",
    "Draft",
    "DraftGroupObjectPermission",
    "DraftTransition",
    "DraftUserObjectPermission",
    "Export",
    "Objective",
    "Plan",
    "PublishedPlan",
    "ReviewAssignment",
    "SearchDocument",
    "Section",
    "SectionPresence",
    "SectionRevision",
    "WorkingCopy",
    "content_of",
]

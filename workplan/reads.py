"""Which reads of the work plan are audited: anything of a draft that is not published (see audit.reads)."""

from audit.reads import AuditedReadMixin
from workplan.models import Draft, Export


def is_confidential(obj):
    """Return whether `obj` (a draft, an export, or anything with a `draft`) belongs to a draft not published."""
    if isinstance(obj, Export):
        return obj.is_confidential
    draft = obj if isinstance(obj, Draft) else obj.draft
    return draft.state != Draft.State.PUBLISHED


class ConfidentialReadMixin(AuditedReadMixin):
    """Audit the reads of confidential drafts and their parts that a page or API view makes."""

    def is_audited(self, obj):
        # No object: the view read several and has named only the confidential ones (search results).
        return obj is None or is_confidential(obj)

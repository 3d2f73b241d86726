"""The longest texts the work plan holds, checked before any other work is done with them.

An unbounded text is unbounded work: every save sanitises it, every
comparison and merge reads it, every export lays it out. Each limit is far
above what the plan needs and low enough that the slowest of those stays
quick. Forms and serializers check them as field lengths (the person sees
which field and by how much); the services check them again, for every way
in, before they read or lock anything.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A section's text in one language, as the editor's HTML: about 30,000 English words (some 60 pages), several
# times the longest section of a national plan so far. Khmer takes three bytes a character, so both languages
# together stay under Django's 2.5 MB limit on a request body.
BODY = 200_000
# An objective's or an activity's text in one language: a long paragraph.
ROW_TEXT = 5_000
# A comment or a reply.
COMMENT = 10_000


def check(value, limit, field):
    """Raise ValidationError({field: ...}) if `value` is a text longer than `limit` characters."""
    if isinstance(value, str) and len(value) > limit:
        raise ValidationError(
            {
                field: _(
                    "This text is too long: %(length)s characters, more than the %(limit)s it may hold. "
                    "Shorten it, or split it into several parts."
                )
                % {"length": f"{len(value):,}", "limit": f"{limit:,}"}
            }
        )

"""Who may read the audit log.

The log imports no app of the domain, so it cannot know the portal's roles:
the app that defines them registers its answer here (members registers "holds
the auditor role", see members.apps). A reader is signed in and active;
superusers read the log whatever is registered; anyone else reads it only
when a registered check says so. With nothing registered, only superusers
read it: the log stays closed rather than open.

A registered check rather than the permission `audit.view_auditevent`: the
request already knows the user's roles (members.roles keeps them on the
user), while a permission check costs two more queries (the user's and the
groups' permissions) on every page that asks.
"""

_reader_checks = []


def register_reader(check):
    """Let `check(user)` open the log to the users it answers True for (besides superusers); return `check`."""
    if check not in _reader_checks:
        _reader_checks.append(check)
    return check


def can_read_log(user):
    """Return whether the user may read the audit log."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or any(check(user) for check in _reader_checks)

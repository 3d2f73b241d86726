"""Append a long, valid history to the audit chain with COPY, hashed by the service's own function.

It continues whatever chain is there: each generated event links to the one
before it, the first to the current head, and the head is moved to the last
event. `make bench` times verify_audit over the result and runs concurrent
writers on top of it.
"""

import io
import time
from datetime import timedelta

from django.db import connection, transaction

from audit import services
from audit.models import AuditChainHead, AuditEvent
from members.models import User

ACTIONS = [
    ("draft.read", "workplan.draft"),
    ("section.read", "workplan.section"),
    ("section.save", "workplan.section"),
    ("auth.login", "members.user"),
    ("review.decide", "workplan.reviewassignment"),
    ("comment.create", "workplan.comment"),
    ("workflow.submit_for_review", "workplan.draft"),
    ("grant.add", "workplan.draft"),
]
COLUMNS = services._EVENT_FIELDS[1:]  # every column but the id, in the order verify() reads them


def _copy_value(value):
    if value is None:
        return r"\N"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _details(n, action):
    if action == "section.save":
        return {"version": n % 40 + 2, "hash": f"{n:064x}"}
    if action == "review.decide":
        return {"decision": "approve" if n % 5 else "request_changes", "revision": n % 9 + 1, "section": n % 20_000}
    if action == "workflow.submit_for_review":
        return {"from": "drafting", "to": "in_review"}
    if action == "grant.add":
        return {"person": f"person-{n % 2000:05d}"}
    if action == "comment.create":
        return {"section": n % 20_000}
    return {}


@transaction.atomic
def append(total, chunk=50_000):
    """Append `total` generated events after the chain's head, and move the head to the last of them."""
    head = AuditChainHead.objects.select_for_update().get(pk=1)
    last = AuditEvent.objects.filter(pk=head.last_id).values_list("created_at", flat=True).first()
    people = list(User.objects.filter(is_active=True).order_by("pk").values_list("pk", "username")[:500])
    previous = head.last_hash
    started = time.monotonic()
    # One microsecond apart after the newest event: times follow the chain's order, as record() keeps them.
    moment = last + timedelta(microseconds=1)
    with connection.cursor() as cursor:
        for first in range(0, total, chunk):
            buffer = io.StringIO()
            for n in range(first, min(first + chunk, total)):
                action, object_type = ACTIONS[n % len(ACTIONS)]
                person = people[n % len(people)] if n % 11 else (None, "")
                row = (
                    moment + timedelta(microseconds=n),
                    person[0],
                    person[1],
                    "2001:db8::7" if n % 50 == 0 else f"10.{n % 256}.{(n // 256) % 256}.1",
                    action,
                    object_type,
                    str(n % 5_000 + 1),
                    "ok" if n % 17 else "denied",
                    _details(n, action),
                )
                digest = services.chain_hash(previous, *row)
                values = (services.canonical_time(row[0]), *row[1:8], services._dumps(row[8]), previous, digest)
                buffer.write("\t".join(_copy_value(value) for value in values) + "\n")
                previous = digest
            buffer.seek(0)
            cursor.copy_expert(f"COPY audit_auditevent ({', '.join(COLUMNS)}) FROM STDIN", buffer)
        last_id = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
        # The head's trigger lets it move one event at a time; a bulk load moves it once, as its owner.
        cursor.execute("ALTER TABLE audit_auditchainhead DISABLE TRIGGER USER")
        AuditChainHead.objects.filter(pk=1).update(last_id=last_id, last_hash=previous, count=head.count + total)
        cursor.execute("ALTER TABLE audit_auditchainhead ENABLE TRIGGER USER")
    return {"appended": total, "seconds": round(time.monotonic() - started, 1)}

"""Write the audit log and check it.

Every event carries `hash = sha256(prev_hash + canonical JSON of its content)`,
where `prev_hash` is the hash of the event before it (64 zeros for the first).
Changing, removing or slipping in an event breaks the chain at that event,
which `verify` finds. Appends are serialised on the single head row
(AuditChainHead): each locks it, reads the last hash, inserts, and moves the
head on, so two events never claim the same predecessor.
"""

import hashlib
import ipaddress
import json
import math
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F
from django.utils import timezone

from core.net import client_ip

from .models import GENESIS_HASH, AuditChainHead, AuditEvent

ACTION = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
# Why verify() stopped, as it reports it.
ALTERED = "altered"
DELETED = "deleted before it"
INSERTED = "inserted"
MISSING_AT_END = "head mismatch: rows missing at the end"
HEAD_MISMATCH = "head mismatch: the head does not match the last event"
HEAD_MISSING = "head mismatch: the head row is missing"

_EVENT_FIELDS = (
    "id",
    "created_at",
    "actor_id",
    "actor_label",
    "address",
    "action",
    "object_type",
    "object_id",
    "outcome",
    "details",
    "prev_hash",
    "hash",
)
_OUTCOMES = frozenset(AuditEvent.Outcome.values)
_dumps = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


# --- The hashed content --------------------------------------------------------


def canonical_time(moment):
    """Return an aware datetime as ISO 8601 in UTC with microseconds, e.g. 2026-01-02T03:04:05.000006Z."""
    if moment.utcoffset():
        moment = moment.astimezone(UTC)
    return moment.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def canonical_address(value):
    """Return an IP address in one spelling whatever the database gives back, or None if it is not one."""
    if not value:
        return None
    try:
        ip = ipaddress.ip_address(str(value).strip().split("%", 1)[0])  # a zone (%eth0) means nothing here
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped:
        return f"::ffff:{ip.ipv4_mapped}"
    return str(ip)


def chain_hash(prev_hash, created_at, actor_id, actor_label, address, action, object_type, object_id, outcome, details):
    """Return the SHA-256 (hex) of the previous hash followed by the event's content in canonical JSON."""
    if address and ":" in address:  # IPv6 comes back from PostgreSQL in its own spelling
        address = canonical_address(address)
    content = {
        "action": action,
        "actor": None if actor_id is None else str(actor_id),
        "actor_label": actor_label,
        "address": address,
        "created_at": canonical_time(created_at),
        "details": details,
        "object_id": object_id,
        "object_type": object_type,
        "outcome": outcome,
    }
    return hashlib.sha256((prev_hash + _dumps(content)).encode()).hexdigest()


def _plain(value):
    """Return `value` as JSON that survives the database unchanged (so its hash still holds when read back).

    Dates, decimals and UUIDs become strings as DjangoJSONEncoder writes them;
    floats that PostgreSQL would print differently (1e+20, -0.0, nan) become
    strings; characters no database stores (NUL, lone surrogates) are replaced.
    """
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd").encode("utf-8", "replace").decode()
    if isinstance(value, float):
        text = repr(value)
        if math.isfinite(value) and "e" not in text and text != "-0.0":
            return value
        return text
    if isinstance(value, dict):
        return {_plain(str(key)): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    try:
        return _plain(json.loads(json.dumps(value, cls=DjangoJSONEncoder)))
    except TypeError:
        return _plain(str(value))


# --- Appending -------------------------------------------------------------------


def record(
    *,
    action,
    actor=None,
    obj=None,
    outcome=AuditEvent.Outcome.OK,
    details=None,
    request=None,
    object_type=None,
    object_id=None,
):
    """Append one event to the audit log, inside the caller's transaction, and return it.

    The actor defaults to the request's signed-in user, the address to the
    request's client (core.net.client_ip), the object type and id to `obj`'s.
    Any database error propagates: the caller's transaction fails with it, so
    nothing is written without its audit event. Call it as the last write of a
    transaction: the chain's head stays locked until the transaction ends.
    """
    if not ACTION.match(action) or len(action) > 64:
        raise ValueError(f"An audit action is a short dotted name such as 'draft.read', not {action!r}.")
    if outcome not in _OUTCOMES:
        raise ValueError(f"An audit outcome is one of {sorted(_OUTCOMES)}, not {outcome!r}.")
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    if actor is not None and not actor.is_authenticated:
        actor = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
    event = AuditEvent(
        actor=actor,
        actor_label=actor.get_username() if actor is not None else "",
        address=canonical_address(client_ip(request)) if request is not None else None,
        action=action,
        object_type=object_type or "",
        object_id="" if object_id is None else str(object_id),
        outcome=str(outcome),
        details=_plain(details or {}),
    )
    if len(event.object_type) > 100 or len(event.object_id) > 100:
        raise ValueError("An audited object's type and id are at most 100 characters each.")
    using = DEFAULT_DB_ALIAS
    # No savepoint: if the insert fails, the caller's transaction is marked for rollback with it.
    with transaction.atomic(using=using, savepoint=False):
        head = _locked_head(using)
        # Read the clock only once the head is ours, so that times follow the chain's order.
        event.created_at = timezone.now()
        event.prev_hash = head.last_hash
        event.hash = chain_hash(
            event.prev_hash,
            event.created_at,
            event.actor_id,
            event.actor_label,
            event.address,
            event.action,
            event.object_type,
            event.object_id,
            event.outcome,
            event.details,
        )
        event.save(force_insert=True, using=using)
        AuditChainHead.objects.using(using).filter(pk=1).update(
            last_id=event.pk, last_hash=event.hash, count=head.count + 1
        )
    return event


def _locked_head(using):
    """Lock the chain's head row for the rest of the transaction and return it."""
    heads = AuditChainHead.objects.using(using)
    if not connections[using].features.has_select_for_update:
        # SQLite has no row locks: an update takes the database's write lock now, before
        # the head is read, so a second writer waits instead of failing on a stale read.
        heads.filter(pk=1).update(count=F("count"))
    try:
        return heads.select_for_update().get(pk=1)
    except AuditChainHead.DoesNotExist:
        ensure_head(using)
        return heads.select_for_update().get(pk=1)


def ensure_head(using=DEFAULT_DB_ALIAS):
    """Create the head row if it is missing (a database emptied by the test runner's flush).

    It points at the newest event, so appends continue whatever chain is
    there; verify() still judges that chain.
    """
    if AuditChainHead.objects.using(using).filter(pk=1).exists():
        return
    events = AuditEvent.objects.using(using)
    last = events.order_by("-id").values_list("id", "hash").first()
    last_id, last_hash = last or (None, GENESIS_HASH)
    AuditChainHead.objects.using(using).get_or_create(
        pk=1, defaults={"last_id": last_id, "last_hash": last_hash, "count": events.count() if last else 0}
    )


# --- Checking ----------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """What verify() found: how many events hold together, and the first that does not, with why."""

    count: int
    broken_id: int | None = None
    reason: str | None = None
    # The newest event of an intact chain: worth keeping elsewhere, to compare with a later run.
    last_id: int | None = None
    last_hash: str | None = None

    @property
    def ok(self):
        return self.reason is None

    def __str__(self):
        if self.ok:
            return f"Audit chain intact: {self.count} events."
        where = f"event {self.broken_id}" if self.broken_id is not None else "the chain"
        return f"Audit chain broken at {where}: {self.reason} ({self.count} events intact before it)."


def verify(batch_size=10_000, using=DEFAULT_DB_ALIAS):
    """Recompute the whole chain in id order and return a Verification naming the first broken event.

    Reads the head and the events from one snapshot, so appends made while it
    runs are neither counted nor mistaken for tampering.
    """
    with _snapshot(using):
        head = AuditChainHead.objects.using(using).filter(pk=1).values_list("last_id", "last_hash", "count").first()
        rows = (
            AuditEvent.objects.using(using).order_by("id").values_list(*_EVENT_FIELDS).iterator(chunk_size=batch_size)
        )
        try:
            return check_chain(rows, head)
        finally:
            # A broken chain stops the reading early: close the server-side cursor while its transaction lasts.
            rows.close()


@contextmanager
def _snapshot(using):
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        # Inside a transaction PostgreSQL streams the rows through a plain server-side cursor;
        # REPEATABLE READ makes the head and every batch come from the same moment.
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def check_chain(rows, head):
    """Check `rows` (tuples of _EVENT_FIELDS in id order) against each other and against `head`.

    A row whose own hash fails is "altered", unless the next row links past
    it, which makes it "inserted"; so is a row whose successor links to the row
    before it, and any row beyond the head. A row that links to something other
    than the row before it, its own hash holding, has rows "deleted before it".
    """
    if head is None:
        head = (None, GENESIS_HASH, 0)
        missing_head = True
    else:
        missing_head = False
    head_id, head_hash, head_count = head
    link = GENESIS_HASH  # what the next row's prev_hash must be: the last good row's hash
    link_before = None  # the last good row's own prev_hash
    last_id = None
    count = 0
    suspect = None  # (id, prev_hash) of a row whose own hash fails: altered or inserted, the next row tells
    for event_id, *content, prev_hash, stored in rows:
        if suspect is not None:
            return Verification(count, suspect[0], INSERTED if prev_hash == suspect[1] else ALTERED)
        if missing_head:
            return Verification(count, event_id, HEAD_MISSING)
        if head_id is None or event_id > head_id:
            return Verification(count, event_id, INSERTED)
        computed = chain_hash(prev_hash, *content)
        if prev_hash == link:
            if computed != stored:
                suspect = (event_id, prev_hash)
                continue
            link_before, link, last_id = link, stored, event_id
            count += 1
            continue
        if link_before is not None and prev_hash == link_before:
            return Verification(count - 1, last_id, INSERTED)
        return Verification(count, event_id, ALTERED if computed != stored else DELETED)
    if suspect is not None:
        return Verification(count, suspect[0], ALTERED)
    if (last_id, link, count) != (head_id, head_hash, head_count):
        if head_id is not None and (last_id is None or last_id < head_id):
            return Verification(count, head_id, MISSING_AT_END)
        return Verification(count, head_id, HEAD_MISMATCH)
    return Verification(count, last_id=last_id, last_hash=link)

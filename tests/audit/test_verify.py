"""verify(): the first broken event and why, for every kind of tampering, every time.

The tampering itself is done as the tables' owner, who alone may lift the
triggers, on PostgreSQL and from a connection of its own (so those tests
commit what they tamper with); `check_chain`, the comparison at verify()'s
heart, is also tested on plain tuples so that its reasoning runs on SQLite too.
"""

import datetime

import pytest

from audit import services
from audit.models import GENESIS_HASH, AuditChainHead, AuditEvent

from .support import HEAD, TABLE, chain, delete_head, insert_raw, tampering

pytestmark = pytest.mark.django_db

POSITIONS = ["first", "middle", "last"]


def at(events, position):
    return {"first": 0, "middle": len(events) // 2, "last": len(events) - 1}[position]


# --- On the database ------------------------------------------------------------------------------------


def test_an_empty_log_is_intact():
    result = services.verify()
    assert result.ok
    assert result.count == 0
    assert str(result) == "Audit chain intact: 0 events."


@pytest.mark.parametrize("batch_size", [1, 2, 5, 10_000])
def test_an_untouched_chain_is_intact_whatever_the_batch_size(batch_size):
    chain(7)
    result = services.verify(batch_size=batch_size)
    assert (result.ok, result.count, result.broken_id, result.reason) == (True, 7, None, None)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize(
    "change",
    [
        "details = '{\"number\": 99}'::jsonb",
        "action = 'test.harmless'",
        "actor_label = 'someone-else'",
        "created_at = created_at + interval '1 second'",
        "outcome = 'denied'",
        "address = '10.9.9.9'",
        "prev_hash = repeat('1', 64)",
        "hash = repeat('2', 64)",
    ],
)
def test_an_altered_event_is_named(position, change):
    events = chain(5)
    target = events[at(events, position)]
    with tampering() as cursor:
        cursor.execute(f"UPDATE audit_auditevent SET {change} WHERE id = %s", [target.pk])

    result = services.verify()

    assert (result.ok, result.broken_id, result.reason) == (False, target.pk, services.ALTERED)
    assert result.count == at(events, position)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("position", POSITIONS)
def test_a_deleted_event_is_found(position):
    events = chain(5)
    index = at(events, position)
    with tampering() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[index].pk])

    result = services.verify()

    assert not result.ok
    if position == "last":
        # Nothing follows it; the head still names it.
        assert (result.broken_id, result.reason) == (events[index].pk, services.MISSING_AT_END)
    else:
        assert (result.broken_id, result.reason) == (events[index + 1].pk, services.DELETED)
    assert result.count == index


@pytest.mark.postgres
@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("valid_hash", [True, False], ids=["plausible-hash", "bogus-hash"])
def test_an_inserted_event_is_named(position, valid_hash):
    """Slipped in with raw SQL, linked to the event before it, its own hash correct: still found."""
    events = chain(5, gaps=True)  # a free id before each event
    index = at(events, position)
    if position == "last":
        forged_id, prev_hash = events[-1].pk + 1, events[-1].hash
    else:
        forged_id = events[index].pk - 1
        prev_hash = events[index - 1].hash if index else GENESIS_HASH
    insert_raw(event_id=forged_id, prev_hash=prev_hash, valid_hash=valid_hash)

    result = services.verify()

    assert (result.ok, result.broken_id, result.reason) == (False, forged_id, services.INSERTED)
    assert result.count == (len(events) if position == "last" else index)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_inserted_event_that_rewrites_the_rest_of_the_chain_is_caught_by_the_head():
    """Forge an event and re-hash everything after it: every link holds, but the head's count does not."""
    events = chain(3, gaps=True)
    forged = insert_raw(event_id=events[1].pk - 1, prev_hash=events[0].hash)
    with tampering() as cursor:
        previous = forged
        for event in events[1:]:
            stored = AuditEvent.objects.get(pk=event.pk)
            rehashed = services.chain_hash(
                previous,
                stored.created_at,
                stored.actor_id,
                stored.actor_label,
                stored.address,
                stored.action,
                stored.object_type,
                stored.object_id,
                stored.outcome,
                stored.details,
            )
            cursor.execute(
                "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s", [previous, rehashed, event.pk]
            )
            previous = rehashed

    result = services.verify()

    assert not result.ok
    assert result.broken_id == events[-1].pk
    assert result.reason.startswith("head mismatch")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_head_is_what_shows_the_newest_events_gone():
    """Newest events deleted, head untouched: the head still names the last of them."""
    events = chain(4)
    with tampering() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id >= %s", [events[2].pk])

    result = services.verify()

    assert (result.count, result.broken_id, result.reason) == (2, events[-1].pk, services.MISSING_AT_END)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_limit_newest_events_gone_and_the_head_moved_back_with_them():
    """Someone who can lift the triggers on both tables can cut the tail and move the head back unseen.

    The chain alone cannot show this; a copy of the head kept elsewhere can
    (verify_audit prints it: compare it with an earlier run's).
    """
    events = chain(4)
    with tampering(TABLE, HEAD) as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].pk])
        cursor.execute(f"UPDATE {HEAD} SET last_id = %s, last_hash = %s, count = 3", [events[-2].pk, events[-2].hash])

    assert services.verify().ok


@pytest.mark.django_db(transaction=True)
def test_a_missing_head_is_reported():
    chain(2)
    delete_head()

    result = services.verify()

    assert (result.ok, result.reason) == (False, services.HEAD_MISSING)


def test_verify_reads_one_snapshot_even_with_appends_running(django_assert_max_num_queries):
    """Inside a transaction it reads the head once and streams the events: a few queries for any size."""
    chain(30)
    with django_assert_max_num_queries(6):
        assert services.verify(batch_size=7).count == 30


def test_the_head_agrees_with_the_events():
    events = chain(3)
    head = AuditChainHead.objects.get()
    assert (head.last_id, head.last_hash, head.count) == (events[-1].pk, events[-1].hash, 3)


# --- The reasoning, on tuples ------------------------------------------------------------------------------

WHEN = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def make_rows(count, start_id=10, step=2):
    """Return `count` chained rows (tuples as verify() reads them) and the matching head."""
    rows, previous = [], GENESIS_HASH
    for number in range(count):
        content = (WHEN, None, "", None, "test.event", "", "", "ok", {"number": number})
        digest = services.chain_hash(previous, *content)
        rows.append((start_id + step * number, *content, previous, digest))
        previous = digest
    return rows, (rows[-1][0], previous, count) if rows else (None, GENESIS_HASH, 0)


def forged(event_id, prev_hash, number=99):
    content = (WHEN, None, "", None, "test.forged", "", "", "ok", {"number": number})
    return (event_id, *content, prev_hash, services.chain_hash(prev_hash, *content))


def test_tuples_intact():
    rows, head = make_rows(4)
    last_id, last_hash, _count = head
    assert services.check_chain(iter(rows), head) == services.Verification(4, last_id=last_id, last_hash=last_hash)


@pytest.mark.parametrize("index", [0, 2, 4])
def test_tuples_altered(index):
    rows, head = make_rows(5)
    event = list(rows[index])
    event[5] = "test.changed"
    rows[index] = tuple(event)
    assert services.check_chain(iter(rows), head) == services.Verification(index, rows[index][0], services.ALTERED)


@pytest.mark.parametrize("index", [0, 2])
def test_tuples_deleted(index):
    rows, head = make_rows(5)
    gone = rows.pop(index)
    assert gone[0] != rows[index][0]
    assert services.check_chain(iter(rows), head) == services.Verification(index, rows[index][0], services.DELETED)


def test_tuples_deleted_at_the_end():
    rows, head = make_rows(5)
    gone = rows.pop()
    assert services.check_chain(iter(rows), head) == services.Verification(4, gone[0], services.MISSING_AT_END)


@pytest.mark.parametrize("index", [0, 2, 5])
def test_tuples_inserted(index):
    rows, head = make_rows(5)
    prev_hash = rows[index - 1][-1] if index else GENESIS_HASH
    rows.insert(index, forged(rows[index - 1][0] + 1 if index else 1, prev_hash))
    assert services.check_chain(iter(rows), head) == services.Verification(index, rows[index][0], services.INSERTED)


def test_tuples_with_no_head_and_no_events_are_intact():
    assert services.check_chain(iter([]), None).ok


def test_tuples_with_events_beyond_an_empty_head():
    rows, _head = make_rows(2)
    result = services.check_chain(iter(rows), (None, GENESIS_HASH, 0))
    assert (result.broken_id, result.reason) == (rows[0][0], services.INSERTED)


def test_tuples_head_count_wrong():
    rows, (last_id, last_hash, count) = make_rows(3)
    result = services.check_chain(iter(rows), (last_id, last_hash, count + 1))
    assert (result.broken_id, result.reason) == (last_id, services.HEAD_MISMATCH)


def test_the_result_reads_well():
    broken = services.Verification(4, 17, services.DELETED)
    assert str(broken) == "Audit chain broken at event 17: deleted before it (4 events intact before it)."

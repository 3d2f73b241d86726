"""core.memory: the cycles a request leaves are collected when it finishes, not dozens of requests later."""

import gc
import weakref

import pytest
from django.core.signals import request_finished

from core import memory


class Node:
    """An object in a reference cycle: only the collector frees it."""

    def __init__(self):
        self.me = self


def _pass_over_young_objects():
    """Make the collector pass over the young generations as a large page does (keeping what it makes alive)."""
    kept = [[] for _ in range(7_000 * (memory.YOUNG_PASSES + 2))]
    return kept


# The signal's other receivers (closing old database connections) need the database.
pytestmark = pytest.mark.django_db


def test_a_finished_request_that_made_many_objects_frees_its_cycles():
    gc.collect()
    kept = _pass_over_young_objects()
    gc.disable()  # from here on only the receiver may collect
    try:
        assert gc.get_count()[2] >= memory.YOUNG_PASSES
        cycle = Node()
        freed = weakref.ref(cycle)
        del cycle, kept
        assert freed() is not None
        request_finished.send(sender=None)
        assert freed() is None
    finally:
        gc.enable()


def test_a_small_request_costs_no_full_pass():
    gc.collect()
    gc.disable()
    try:
        cycle = Node()
        freed = weakref.ref(cycle)
        del cycle
        request_finished.send(sender=None)
        assert freed() is not None  # left for a later pass: too little to be worth one
    finally:
        gc.enable()
        gc.collect()

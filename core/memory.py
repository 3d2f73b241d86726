"""Keep web processes small: collect the reference cycles each request leaves behind.

Django's request is a cycle by design (its messages storage, htmx details and DRF's
request, view and response all point back at it), so everything a request reads stays
in memory until Python's collector runs a full pass. With a process full of long-lived
objects (the modules, URL patterns, templates), Python puts that pass off for dozens
of requests; a worker serving large pages then grows by tens of megabytes, to no use.

Two small measures fix it:
- `freeze_startup()`, called once by the WSGI module, moves everything loaded at start
  into the collector's permanent generation: never walked again, and shared between
  forked processes instead of copied.
- `collect_cycles`, run when a response has been sent (request_finished), makes the full
  pass as soon as the young generations show a request's worth of new objects. It then
  walks only what requests made, a millisecond or two, after the client has its answer.
"""

import gc

# Full passes wait until the collector has passed over the younger generations this many times since the last one
# (each such pass follows about 7,000 new objects): a page of drafts makes several, a 304 none.
YOUNG_PASSES = 3


def freeze_startup():
    """Collect what loading made, then keep the collector away from the rest for the life of the process."""
    gc.collect()
    gc.freeze()


def collect_cycles(**kwargs):
    """Make a full pass if requests have made enough objects since the last one (a request_finished receiver)."""
    if gc.get_count()[2] >= YOUNG_PASSES:
        gc.collect()

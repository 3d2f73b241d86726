"""Workflow and publication: every state change of a draft, the Council's decision, the published document.

`steps` declares each step once (from, to, who, labels, inputs, what it gives back); `services` runs a
step and holds what each one does; `publication` renders and keeps the published document. Views, the
API, the policy layer, the OpenAPI schema and the tests read the declaration.

`workflow.run`, `workflow.WorkflowConflict` and the other names of `services` are reachable from here;
they are loaded on first use, so that `workplan.policies` can read `steps` without importing the services
that ask it.
"""

import importlib

_SUBMODULES = {"publication", "services", "steps", "views", "api"}


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    services = importlib.import_module(f"{__name__}.services")
    try:
        return getattr(services, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None

"""The API's reference page, drawn on the server from the OpenAPI schema that /api/schema/ serves.

Swagger UI was the page before: a script application whose markup put buttons
inside buttons (27 of axe's "nested-interactive"), with 30 colour-contrast
failures and no language on its page, none of which a stylesheet could mend.
This page is the portal's own: the same schema (drf-spectacular's generator,
run once per process), read as plain HTML in the portal's layout, in the
reader's language for everything the portal writes, usable offline, without
JavaScript and with a keyboard. Tools still take the schema itself from
/api/schema/.
"""

import re
from dataclasses import dataclass, field
from functools import cache

from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")
_REF = "#/components/schemas/"


@dataclass
class Field:
    name: str
    type: str
    required: bool = False
    read_only: bool = False
    description: str = ""


@dataclass
class Operation:
    method: str
    path: str
    anchor: str
    description: str
    parameters: list = field(default_factory=list)
    body: str = ""  # the name of the request body's schema
    responses: list = field(default_factory=list)  # (status, description, schema name)
    signed_in: bool = True


@dataclass
class Schema:
    name: str
    description: str
    fields: list
    choices: list


def _anchor(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _type(schema):
    """Return a short reading of a schema's type: "integer", "string (date-time)", "list of Activity"."""
    if not schema:
        return ""
    if "$ref" in schema:
        return schema["$ref"].removeprefix(_REF)
    if "allOf" in schema or "oneOf" in schema:
        return " | ".join(_type(part) for part in schema.get("allOf") or schema.get("oneOf"))
    kind = schema.get("type", "object")
    if kind == "array":
        return f"[{_type(schema.get('items', {}))}]"
    if schema.get("format"):
        kind = f"{kind} ({schema['format']})"
    if schema.get("nullable"):
        kind += " | null"
    return kind


def _schema_name(content):
    """Return the schema named by a request or response body (JSON preferred), or ""."""
    for media in ("application/json", *content):
        schema = (content.get(media) or {}).get("schema")
        if schema:
            return _type(schema)
    return ""


def _operation(path, method, spec):
    parameters = [
        Field(
            name=f"{parameter['name']} ({parameter['in']})",
            type=_type(parameter.get("schema", {})),
            required=parameter.get("required", False),
            description=parameter.get("description", ""),
        )
        for parameter in spec.get("parameters", [])
    ]
    responses = [
        (status, answer.get("description", ""), _schema_name(answer.get("content", {})))
        for status, answer in sorted(spec.get("responses", {}).items())
    ]
    return Operation(
        method=method.upper(),
        path=path,
        anchor=_anchor(f"{method} {path}"),
        description=spec.get("description") or spec.get("summary", ""),
        parameters=parameters,
        body=_schema_name(spec.get("requestBody", {}).get("content", {})),
        responses=responses,
        signed_in=not any(not requirement for requirement in spec.get("security", [{"": []}])),
    )


def _schema(name, spec):
    required = set(spec.get("required", []))
    fields = [
        Field(
            name=prop,
            type=_type(value),
            required=prop in required,
            read_only=value.get("readOnly", False),
            description=value.get("description", ""),
        )
        for prop, value in spec.get("properties", {}).items()
    ]
    return Schema(name=name, description=spec.get("description", ""), fields=fields, choices=spec.get("enum", []))


@cache
def reference():
    """Return the API's reference: its title, its operations grouped by resource, its schemas (once per process)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    groups = {}
    for path, item in schema["paths"].items():
        resource = path.removeprefix("/api/v1/").split("/")[0] or "api"
        for method in METHODS:
            if method in item:
                groups.setdefault(resource, []).append(_operation(path, method, item[method]))
    schemas = [_schema(name, spec) for name, spec in sorted(schema.get("components", {}).get("schemas", {}).items())]
    return {
        "title": schema["info"]["title"],
        "version": schema["info"]["version"],
        "groups": sorted(groups.items()),
        "schemas": schemas,
        "operations": sum(len(operations) for operations in groups.values()),
    }

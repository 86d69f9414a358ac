"""Every URL pattern of the project, walked from Django's resolver, and how to fill each one.

The isolation matrix and the CSRF test both start from the live URL configuration, not from
a hand-kept list, so a pattern added later is tested (or fails the suite) without anyone
remembering to add it. What cannot be discovered — which object a pattern's id refers to —
is the explicit table OBJECT_ROUTES; a pattern with an id that is not in it fails.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from exports.formats import FORMATS

# Formats one letter can be exported in (exports:letter's <fmt>).
EXPORT_FORMATS = tuple(FORMATS)

# url name -> (which of the owner's objects its id names, extra kwargs to try: a tuple of
# values, or the name of another of the owner's objects whose id fills it).
OBJECT_ROUTES: dict[str, tuple[str, dict[str, tuple[str, ...]]]] = {
    "overview:application_detail": ("application", {}),
    "applications:edit": ("application", {}),
    "trash:application_delete": ("application", {}),
    "applications:application_people": ("application", {}),
    "reminders:application_ghosted": ("application", {}),
    "reminders:application_not_yet": ("application", {}),
    "reminders:application_replied": ("application", {}),
    "overview:interview_detail": ("interview", {}),
    "applications:interview_edit": ("interview", {}),
    "trash:interview_delete": ("interview", {}),
    "letters:edit": ("letter", {}),
    "letters:checklist": ("letter", {}),
    "letters:finish": ("letter", {}),
    "letters:mark_sent": ("letter", {}),
    "letters:skip": ("letter", {}),
    "letters:reopen": ("letter", {}),
    "letters:regenerate": ("letter", {}),
    "letters:keep": ("letter", {}),
    "letters:combine": ("letter", {}),
    "letters:history": ("letter", {}),
    "letters:version": ("letter", {"version_pk": "letter_version"}),
    "letters:version_restore": ("letter", {"version_pk": "letter_version"}),
    "letters:withdrawal": ("application", {}),
    "exports:letter": ("letter", {"fmt": EXPORT_FORMATS}),
    "exports:zip_application": ("application", {}),
    "insights:activity_edit": ("activity", {}),
    "insights:application_entry": ("application", {}),
    "insights:interview_entry": ("interview", {}),
    "followup:interview_ics": ("interview", {}),
    "exports:zip_interview": ("interview", {}),
    "trash:restore_application": ("trashed_application", {}),
    "trash:restore_interview": ("trashed_interview", {}),
}

# Namespaces whose ids are not the users' own objects, and why they are not in the matrix.
EXCLUDED_NAMESPACES = {
    "admin": "staff only: a non-staff user is sent to the admin sign-in (test_admin_...)",
}


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    route: str  # the full route, e.g. "letters/<int:pk>/"
    kwargs: tuple[str, ...]
    id_kwargs: tuple[str, ...] = field(default=())
    callback: object = None

    @property
    def namespace(self) -> str:
        return self.name.split(":")[0] if ":" in self.name else ""


def _is_id(name: str, converter) -> bool:
    return (
        isinstance(converter, IntConverter)
        or name in {"pk", "id", "object_id"}
        or name.endswith(("_pk", "_id"))
    )


def _walk(resolver, prefix: str, namespace: str, converters: dict) -> Iterator[Route]:
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        found = dict(converters)
        found.update(getattr(pattern, "converters", {}) or {})
        regex_names = getattr(pattern.regex, "groupindex", {})
        for name in regex_names:
            found.setdefault(name, None)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = (
                    f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                )
            yield from _walk(entry, prefix + str(pattern), inner, found)
        elif isinstance(entry, URLPattern):
            if not entry.name:
                continue
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            ids = tuple(k for k, conv in found.items() if _is_id(k, conv))
            yield Route(
                name=name,
                route=prefix + str(pattern),
                kwargs=tuple(found),
                id_kwargs=ids,
                callback=entry.callback,
            )


def all_routes() -> list[Route]:
    """Every named pattern, first one per name (the one reverse() builds)."""
    seen: dict[str, Route] = {}
    for route in _walk(get_resolver(), "", "", {}):
        seen.setdefault(route.name, route)
    return list(seen.values())


def object_routes() -> list[Route]:
    """Patterns that take an object id, outside the excluded namespaces."""
    return [
        r
        for r in all_routes()
        if r.id_kwargs and r.namespace not in EXCLUDED_NAMESPACES
    ]


def kwargs_for(route: Route, objects: dict) -> list[dict]:
    """Every set of kwargs to try for a mapped pattern, built from the owner's objects."""
    key, extras = OBJECT_ROUTES[route.name]
    base = {name: objects[key].pk for name in route.id_kwargs}
    variants = [base]
    for name, values in extras.items():
        if isinstance(values, str):
            values = (objects[values].pk,)
        variants = [{**v, name: value} for v in variants for value in values]
    missing = set(route.kwargs) - set(variants[0])
    assert not missing, f"{route.name}: no value for {sorted(missing)}"
    return variants

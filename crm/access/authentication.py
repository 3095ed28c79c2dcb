"""DRF authentication with API keys: ``Authorization: Api-Key <key>`` or ``Bearer <key>``.

The scope is checked here, not in each view's permission classes, so that every API view —
whatever permission classes its app chose — refuses a key without the scope for its area.
The request then acts as the key's owner, so the owner's role limits the key as well.
"""

from __future__ import annotations

from rest_framework import authentication, exceptions

from crm.access.services.api_keys import ApiKeyRejected, api_key_allows, api_key_authenticate

# The area of an API view is named by the view (``api_scope_area = "leads"``) or follows
# from the package that defines it.
AREA_BY_PACKAGE = {
    "crm.api": "contacts",
    "crm.ai": "conversations",
    "leads": "leads",
    "conversations": "conversations",
    "campaigns": "campaigns",
    "emailsystem": "email",
    "content": "content",
    "analytics": "analytics",
}
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def api_area_of(view) -> str | None:
    area = getattr(view, "api_scope_area", None)
    if area:
        return area
    module = type(view).__module__
    for package, package_area in sorted(AREA_BY_PACKAGE.items(), key=lambda item: -len(item[0])):
        if module == package or module.startswith(package + "."):
            return package_area
    return None


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keywords = ("api-key", "bearer")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").strip()
        keyword, _, raw = header.partition(" ")
        if keyword.lower() not in self.keywords or not raw.strip():
            return None
        try:
            key = api_key_authenticate(raw=raw, ip=request.META.get("REMOTE_ADDR"))
        except ApiKeyRejected as rejected:
            if rejected.status == 403:
                raise exceptions.PermissionDenied(str(rejected)) from None
            raise exceptions.AuthenticationFailed(str(rejected)) from None
        view = (getattr(request, "parser_context", None) or {}).get("view")
        area = api_area_of(view) if view is not None else None
        if area is None:
            raise exceptions.PermissionDenied("This endpoint is not available to API keys.")
        write = request.method not in SAFE_METHODS
        if not api_key_allows(key=key, area=area, write=write):
            needed = f"{area}:{'write' if write else 'read'}"
            raise exceptions.PermissionDenied(f"This API key lacks the “{needed}” scope.")
        return key.owner, key

    def authenticate_header(self, request):
        return 'Api-Key realm="api"'

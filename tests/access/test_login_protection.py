from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from crm.access.models import SecurityEvent
from crm.models import WebhookSubscription

pytestmark = pytest.mark.django_db

PASSWORD = "Correct-horse-7"


@pytest.fixture
def staff(make_user):
    user = make_user("Admin", username="alba")
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(client, password):
    return client.post("/admin/login/?next=/admin/", {"username": "alba", "password": password})


def test_lockout_after_the_configured_failures(client, staff, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        assert _login(client, "wrong").status_code in (200, 429)
    locked = _login(client, PASSWORD)
    assert locked.status_code == 429  # even the right password is refused while locked out
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(action="security.login.failed").count() >= 2
    assert SecurityEvent.objects.filter(action="security.login.locked_out").exists()
    failed = SecurityEvent.objects.filter(action="security.login.failed").first()
    assert failed.data["username"] == "alba" and PASSWORD not in str(failed.data)


def _token(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_enforced_two_factor_makes_an_admin_enrol_then_verify(client, staff, settings):
    settings.STAFF_2FA_ENFORCED = True
    assert _login(client, PASSWORD).status_code == 302
    blocked = client.get("/admin/")
    assert blocked.status_code == 302 and blocked.url.startswith("/account/two-factor/")
    enrol = client.get(blocked.url)
    assert "Set up two-factor" in enrol.content.decode() and "<svg" in enrol.content.decode()
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert client.post(blocked.url, {"token": "000000", "next": "/admin/"}).status_code == 200
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # django-otp slows down guessing
    device.throttle_reset()
    done = client.post(blocked.url, {"token": _token(device), "next": "/admin/"})
    assert done.status_code == 302 and done.url == "/admin/"
    assert client.get("/admin/").status_code == 200

    client.logout()
    _login(client, PASSWORD)
    assert client.get("/admin/").status_code == 302  # a new session verifies again
    device.refresh_from_db()
    device.last_t = -1  # allow the same time step again in this fast test
    device.save()
    verify = client.post("/account/two-factor/", {"token": _token(device), "next": "/admin/"})
    assert verify.status_code == 302 and client.get("/admin/").status_code == 200
    assert SecurityEvent.objects.filter(action="security.two_factor.enrolled").exists()


def test_two_factor_not_required_for_other_roles_or_when_off(client, make_user, settings):
    settings.STAFF_2FA_ENFORCED = True
    marketer = make_user("Marketer", username="mara")
    marketer.set_password(PASSWORD)
    marketer.save()
    client.post("/admin/login/", {"username": "mara", "password": PASSWORD})
    assert client.get("/admin/").status_code == 200


def test_role_and_credential_changes_are_audited_without_values(admin_client, make_user):
    user = make_user(None, username="nico")
    user.groups.add(Group.objects.get(name="Manager"))
    role = SecurityEvent.objects.get(action="security.role.changed")
    assert "nico" in role.reason and "Manager" in role.reason

    subscription = WebhookSubscription.objects.create(name="n8n", url="https://h.example.com", secret="first-secret-1")
    subscription.secret = "second-secret-2"
    subscription.save()
    subscription.secret = ""
    subscription.save()
    actions = list(SecurityEvent.objects.filter(action__startswith="security.credential.")
                   .order_by("occurred_at", "pk").values_list("action", flat=True))
    assert actions == ["security.credential.set", "security.credential.changed", "security.credential.cleared"]
    dump = repr(list(SecurityEvent.objects.values("reason", "data", "target_repr")))
    assert "first-secret" not in dump and "second-secret" not in dump


def test_security_events_are_read_only_filterable_and_exportable(admin_client, make_user):
    make_user(None, username="nico").groups.add(Group.objects.get(name="Agent"))
    page = admin_client.get("/admin/access/securityevent/", {"action": "security.role.changed"})
    assert page.status_code == 200 and "nico" in page.content.decode()
    assert admin_client.get("/admin/access/securityevent/add/").status_code == 403
    columns = ("occurred_at", "action", "actor", "target_repr", "reason")
    export = admin_client.post("/admin/access/securityevent/export/", {
        "format": "0", "resource": "0", **{f"securityeventresource_{c}": "on" for c in columns}})
    assert export.status_code == 200 and b"security.role.changed" in export.content

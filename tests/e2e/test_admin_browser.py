from __future__ import annotations

import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_logs_in_and_opens_the_contacts_list(page, live_server, admin_login, screenshot):
    factories.ContactFactory(first_name="Lucía", last_name="Arosemena", email="lucia@example.com")
    factories.ContactFactory(first_name="James", last_name="Walker", email="james@example.com")
    admin_login()
    page.click("text=Contacts")
    page.wait_for_url("**/admin/crm/contact/")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 2
    assert "Lucía Arosemena" in page.inner_text("#result_list")

    page.fill("#searchbar", "Walker")
    page.press("#searchbar", "Enter")
    page.wait_for_url("**/admin/crm/contact/?q=Walker")
    assert page.locator("#result_list tbody tr").count() == 1
    assert "James Walker" in page.inner_text("#result_list")
    assert screenshot("admin-contacts").exists()

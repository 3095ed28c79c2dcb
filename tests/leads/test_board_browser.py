"""The pipeline board in a real browser (Debian's chromium through Playwright)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from leads.models import Opportunity, PipelineStage
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def column(page, stage: PipelineStage):
    return page.locator(f'.board-column[data-stage-id="{stage.pk}"]')


def test_dragging_cards_moves_deals_and_updates_the_totals_without_a_reload(page, live_server, admin_login,
                                                                            screenshot):
    proposal = PipelineStage.objects.get(name="Proposal")
    negotiation = PipelineStage.objects.get(name="Negotiation")
    won = PipelineStage.objects.get(name="Won")
    contact = factories.ContactFactory(first_name="Lucía", last_name="Arosemena")
    big = factories.OpportunityFactory(name="Laptops Hospital", contact=contact, value=Decimal("12000"),
                                       stage=proposal)
    factories.OpportunityFactory(name="Monitors Colegio", value=Decimal("3500"), stage=proposal)
    factories.OpportunityFactory(name="Docking stations", value=Decimal("800"), stage=negotiation)
    admin_login()

    page.goto(f"{live_server.url}/sales/pipeline/")
    assert column(page, proposal).locator("[data-total]").inner_text() == "USD 15,500.00"
    assert column(page, negotiation).locator("[data-count]").inner_text() == "1"
    assert "Lucía Arosemena" in page.locator(f"#opportunity-{big.pk}").inner_text()
    page.evaluate("window.__notReloaded = true")

    page.drag_and_drop(f"#opportunity-{big.pk}", f'.board-column[data-stage-id="{negotiation.pk}"] .cards-list')

    negotiation_total = column(page, negotiation).locator("[data-total]")
    negotiation_total.filter(has_text="USD 12,800.00").wait_for()
    assert column(page, negotiation).locator("[data-count]").inner_text() == "2"
    assert column(page, proposal).locator("[data-total]").inner_text() == "USD 3,500.00"
    assert column(page, proposal).locator("[data-count]").inner_text() == "1"
    card = column(page, negotiation).locator(f"#opportunity-{big.pk}")
    assert card.count() == 1
    # Scored on the move (no trained model yet: the rule-based estimate, marked as such).
    stored = Opportunity.objects.get(pk=big.pk)
    assert stored.prediction_is_fallback
    assert card.locator("[data-probability]").inner_text() == f"{round(stored.close_probability * 100)}%"
    assert card.locator(".fallback-mark").is_visible()
    assert page.evaluate("window.__notReloaded") is True  # same page, no reload
    assert Opportunity.objects.get(pk=big.pk).stage == negotiation

    # Dropping on Won asks for the reason first.
    page.drag_and_drop(f"#opportunity-{big.pk}", f'.board-column[data-stage-id="{won.pk}"] .cards-list')
    page.locator("#close-reason-dialog").wait_for(state="visible")
    page.fill("#close-reason-input", "Best delivery time")
    page.click("#close-reason-ok")
    column(page, won).locator("[data-total]").filter(has_text="USD 12,000.00").wait_for()
    assert column(page, negotiation).locator("[data-total]").inner_text() == "USD 800.00"
    assert page.inner_text("#board-status") == "Moved “Laptops Hospital” to Won."
    assert page.locator(f"#opportunity-{big.pk} [data-probability]").inner_text() == "100%"
    deal = Opportunity.objects.get(pk=big.pk)
    assert deal.stage == won and deal.close_reason == "Best delivery time" and deal.closed_at is not None
    assert page.evaluate("window.__notReloaded") is True
    assert screenshot("pipeline-board").exists()


def test_the_move_form_works_with_javascript_off(browser, live_server, make_user):
    user = make_user("Manager", username="manuel")
    user.set_password("Manager-pass-42")
    user.save()
    deal = factories.OpportunityFactory(name="Tablets", value=Decimal("900"))
    lost = PipelineStage.objects.get(name="Lost")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/?next=/sales/pipeline/")
    page.fill("#id_username", "manuel")
    page.fill("#id_password", "Manager-pass-42")
    page.click("input[type=submit]")
    page.wait_for_url("**/sales/pipeline/")
    card = page.locator(f"#opportunity-{deal.pk}")
    card.locator("summary").click()
    card.locator("select[name=stage]").select_option(str(lost.pk))
    card.locator("input[name=reason]").fill("No budget this year")
    card.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "moved to Lost" in page.inner_text(".messages")
    assert column(page, lost).locator("[data-total]").inner_text() == "USD 900.00"
    context.close()
    deal.refresh_from_db()
    assert deal.stage == lost and deal.close_reason == "No budget this year"

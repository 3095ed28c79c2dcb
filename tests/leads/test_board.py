from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from crm.models import AuditEvent, Department
from leads.models import Opportunity, PipelineStage
from tests import factories

pytestmark = pytest.mark.django_db

BOARD = "/sales/pipeline/"


def stage(name: str) -> PipelineStage:
    return PipelineStage.objects.get(name=name)


@pytest.fixture
def sales_agent(make_user, client):
    user = make_user("Agent")
    factories.AgentFactory(user=user, department=Department.SALES)
    client.force_login(user)
    return user


def test_board_shows_columns_with_counts_totals_and_cards(client, sales_agent):
    factories.OpportunityFactory(name="Laptops Hospital", value=Decimal("12000"), stage=stage("Proposal"))
    factories.OpportunityFactory(name="Monitors Colegio", value=Decimal("3500.50"), stage=stage("Proposal"))
    factories.OpportunityFactory(name="Tablets", value=Decimal("900"), currency="EUR", stage=stage("Proposal"))
    retired = PipelineStage.objects.create(name="Retired", order=35, active=False)
    factories.OpportunityFactory(name="Hidden deal", stage=retired)

    response = client.get(BOARD)
    assert response.status_code == 200
    page = response.content.decode()
    columns = response.context["columns"]
    assert [c.stage.name for c in columns] == ["Prospecting", "Qualification", "Proposal", "Negotiation",
                                               "Commitment", "Won", "Lost"]
    proposal = columns[2]
    assert proposal.count == 3
    assert proposal.totals_display == "EUR 900.00 · USD 15,500.50"
    assert "Laptops Hospital" in page and "EUR 900.00 · USD 15,500.50" in page
    assert "Hidden deal" not in page and "Not shown: 1 open opportunity in inactive stages" in page
    assert 'name="csrfmiddlewaretoken"' in page and "pipeline.js" in page


def test_board_is_for_sales_managers_and_admins_only(client, make_user):
    support = make_user("Agent")
    factories.AgentFactory(user=support, department=Department.SUPPORT)
    client.force_login(support)
    assert client.get(BOARD).status_code == 302  # to the login page
    client.force_login(make_user("Marketer"))
    assert client.get(BOARD).status_code == 302
    client.force_login(make_user("Manager"))
    assert client.get(BOARD).status_code == 200
    client.logout()
    assert client.get(BOARD).status_code == 302


def test_moving_a_card_answers_json_with_both_columns_totals(client, sales_agent):
    deal = factories.OpportunityFactory(value=Decimal("12000"), stage=stage("Proposal"))
    factories.OpportunityFactory(value=Decimal("1000"), stage=stage("Proposal"))
    url = reverse("leads:opportunity_move", args=[deal.pk])
    response = client.post(url, {"stage": stage("Negotiation").pk}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["opportunity"]["stage_id"] == stage("Negotiation").pk
    assert 0 <= body["opportunity"]["probability"] <= 100
    figures = {c["stage_id"]: c for c in body["columns"]}
    assert figures[stage("Proposal").pk]["count"] == 1
    assert figures[stage("Proposal").pk]["totals_display"] == "USD 1,000.00"
    assert figures[stage("Negotiation").pk]["totals_display"] == "USD 12,000.00"
    assert AuditEvent.objects.get(action="opportunity.stage_changed").actor == sales_agent


def test_won_without_a_reason_is_refused_and_the_form_fallback_redirects(client, sales_agent):
    deal = factories.OpportunityFactory(stage=stage("Commitment"))
    url = reverse("leads:opportunity_move", args=[deal.pk])
    refused = client.post(url, {"stage": stage("Won").pk}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 400 and "won" in refused.json()["message"]
    # No JavaScript: an ordinary form post, then back to the board with a message.
    response = client.post(url, {"stage": stage("Won").pk, "reason": "Signed the PO", "owner": "me"}, follow=True)
    assert response.redirect_chain[-1][0] == BOARD + "?owner=me"
    assert "moved to Won" in response.content.decode()
    deal.refresh_from_db()
    assert deal.closed_at and deal.close_reason == "Signed the PO"


def test_csrf_is_required(sales_agent):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(sales_agent)
    deal = factories.OpportunityFactory()
    response = client.post(reverse("leads:opportunity_move", args=[deal.pk]), {"stage": stage("Proposal").pk})
    assert response.status_code == 403
    deal.refresh_from_db()
    assert deal.stage.name == "Prospecting"


def test_agents_move_only_their_own_or_unowned_cards(client, sales_agent, make_user):
    someone_else = make_user("Agent")
    theirs = factories.OpportunityFactory(owner=someone_else)
    mine = factories.OpportunityFactory(owner=sales_agent)
    url = reverse("leads:opportunity_move", args=[theirs.pk])
    refused = client.post(url, {"stage": stage("Proposal").pk}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 403 and "own" in refused.json()["message"]
    ok = client.post(reverse("leads:opportunity_move", args=[mine.pk]), {"stage": stage("Proposal").pk},
                     HTTP_ACCEPT="application/json")
    assert ok.status_code == 200
    assert Opportunity.objects.get(pk=theirs.pk).stage.name == "Prospecting"
    mine_only = client.get(BOARD, {"owner": "me"}).context["columns"]
    assert sum(c.count for c in mine_only) == 1


def test_the_board_does_a_fixed_number_of_queries(client, sales_agent, django_assert_max_num_queries):
    for index in range(30):
        factories.OpportunityFactory(stage=stage("Proposal" if index % 2 else "Negotiation"),
                                     owner=sales_agent, contact=factories.ContactFactory())
    with django_assert_max_num_queries(25):
        assert client.get(BOARD).status_code == 200

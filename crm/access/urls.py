from django.urls import path

from crm.access import views

app_name = "access"

urlpatterns = [
    path("account/two-factor/", views.two_factor_page, name="two-factor"),
    path("settings/overview/", views.configuration_overview, name="overview"),
]

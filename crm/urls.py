from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from crm import views

admin.site.site_header = "AI CRM"
admin.site.site_title = "AI CRM admin"
admin.site.index_title = "Configuration and records"

urlpatterns = [
    path("", views.home, name="home"),
    path("health", views.health, name="health"),
    path("metrics", views.metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("", include("crm.access.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include("crm.api.urls")),
    path("api/v1/", include("crm.ai.api.urls")),
    path("api/v1/", include("leads.api.urls")),
    path("api/v1/", include("conversations.api.urls")),
    path("api/v1/", include("content.api.urls")),
    path("api/v1/email/", include("emailsystem.api.urls")),
    path("email/", include("emailsystem.urls")),
    path("sales/", include("leads.urls")),
    path("inbox/", include("conversations.urls")),
    path("content/", include("content.urls")),
]

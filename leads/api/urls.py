from rest_framework.routers import SimpleRouter

from leads.api import views

# A SimpleRouter: crm.api.urls already serves the API root at the same prefix. The slash is
# optional so `GET /api/v1/opportunities/{id}/prediction` answers as written in the spec.
router = SimpleRouter()
router.trailing_slash = "/?"  # the constructor only takes True/False
router.register("leads", views.LeadViewSet, basename="lead")
router.register("opportunities", views.OpportunityViewSet, basename="opportunity")
router.register("pipeline-stages", views.PipelineStageViewSet, basename="pipeline-stage")

urlpatterns = router.urls

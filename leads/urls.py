from django.urls import path

from leads import views

app_name = "leads"

urlpatterns = [
    path("pipeline/", views.pipeline_board_page, name="pipeline"),
    path("pipeline/opportunities/<int:pk>/move/", views.opportunity_move_view, name="opportunity_move"),
]

from django.urls import path

from . import views

app_name = "workflow"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:disposition_id>/", views.detail, name="detail"),
    path("<int:disposition_id>/<str:name>/", views.disposition_step, name="step"),
]

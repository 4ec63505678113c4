from django.urls import path

from . import views

app_name = "dispatch"

urlpatterns = [
    path("", views.dispatch_list, name="list"),
    path("baru/<int:round_id>/", views.dispatch_open, name="open"),
    path("<int:dispatch_id>/", views.dispatch_detail, name="detail"),
    path("<int:dispatch_id>/langkah/", views.dispatch_move, name="move"),
    path("<int:dispatch_id>/peserta/<int:participant_id>/hasil/", views.participant_result, name="result"),
    path("<int:dispatch_id>/monitoring/", views.monitoring_add, name="monitoring"),
    path("<int:dispatch_id>/dokumen/<str:kind>/", views.dispatch_documents, name="documents"),
    path("<int:dispatch_id>/laporan/", views.dispatch_report, name="report"),
]

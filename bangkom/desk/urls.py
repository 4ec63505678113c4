from django.urls import path

from . import views

app_name = "desk"

urlpatterns = [
    path("layanan/", views.catalogue, name="catalogue"),
    path("layanan/permohonan/", views.request_list, name="requests"),
    path("layanan/permohonan/baru/", views.request_open, name="request-open"),
    path("layanan/permohonan/<int:request_id>/", views.request_detail, name="request"),
    path("layanan/permohonan/<int:request_id>/<str:name>/", views.request_step, name="request-step"),
    path("layanan/asesmen/", views.assessment_list, name="assessments"),
    path("layanan/asesmen/baru/", views.assessment_open, name="assessment-open"),
    path("layanan/asesmen/saya/", views.my_assessments, name="my-assessments"),
    path("layanan/asesmen/<int:assessment_id>/", views.assessment_detail, name="assessment"),
    path("layanan/asesmen/<int:assessment_id>/<str:name>/", views.assessment_step, name="assessment-step"),
    path("layanan/asesmen/peserta/<int:participant_id>/<str:name>/", views.participant_step, name="participant-step"),
    path(
        "layanan/asesmen/peserta/<int:participant_id>/dokumen/<int:paper_id>/<str:name>/",
        views.paper_step,
        name="paper-step",
    ),
    path("layanan/<slug:code>/", views.service_detail, name="service"),
    path("pengaduan/", views.complaint_public, name="complaint-public"),
    path("pengaduan/lacak/", views.complaint_track, name="complaint-track"),
    path("pengaduan/terkirim/", views.complaint_sent, name="complaint-sent"),
    path("pengaduan/daftar/", views.complaint_list, name="complaints"),
    path("pengaduan/baru/", views.complaint_enter, name="complaint-enter"),
    path("pengaduan/<int:complaint_id>/", views.complaint_detail, name="complaint"),
    path("pengaduan/<int:complaint_id>/<str:name>/", views.complaint_step, name="complaint-step"),
]

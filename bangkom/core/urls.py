from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tugas/", views.waiting, name="waiting"),
    path("tugas/jumlah/", views.waiting_badge, name="waiting-count"),
    path("pekerjaan/<int:job_id>/", views.job_status, name="job"),
    path("pekerjaan/<int:job_id>/ulangi/", views.job_retry, name="job-retry"),
    path("pekerjaan/<int:job_id>/unduh/", views.job_download, name="job-download"),
    path("pekerjaan/<int:job_id>/batalkan/", views.job_cancel, name="job-cancel"),
]

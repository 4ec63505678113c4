from django.urls import path

from . import views

app_name = "siasn"

urlpatterns = [
    path("", views.submissions, name="submissions"),
    path("antrekan/", views.queue_year, name="queue"),
    path("<int:submission_id>/kirim-ulang/", views.resend, name="resend"),
    path("berkas/", views.export, name="export"),
    path("pegawai/", views.employee_fetch, name="employee-fetch"),
]

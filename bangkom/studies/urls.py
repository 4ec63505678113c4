from django.urls import path

from . import views

app_name = "studies"

urlpatterns = [
    path("", views.study_list, name="list"),
    path("pengumuman/baru/", views.announcement_create, name="announcement-create"),
    path("pengumuman/<int:announcement_id>/", views.announcement_detail, name="announcement"),
    path("pengumuman/<int:announcement_id>/ubah/", views.announcement_edit, name="announcement-edit"),
    path("pengumuman/<int:announcement_id>/kuota/<int:quota_id>/hapus/", views.quota_remove, name="quota-remove"),
    path("pengumuman/<int:announcement_id>/usulan/baru/", views.application_create, name="application-create"),
    path("pengumuman/<int:announcement_id>/<slug:step>/", views.announcement_step, name="announcement-step"),
    path("usulan/<int:application_id>/", views.application_detail, name="application"),
    path("usulan/<int:application_id>/ubah/", views.application_edit, name="application-edit"),
    path("usulan/<int:application_id>/kirim/", views.application_submit, name="application-submit"),
    path("usulan/<int:application_id>/keputusan-unit/", views.application_unit_decide, name="application-unit-decide"),
    path("usulan/<int:application_id>/kembalikan/", views.application_return, name="application-return"),
    path("usulan/<int:application_id>/nilai/", views.scores_record, name="scores"),
    path("berkas/<slug:kind>/<int:subject_id>/unggah/", views.paper_upload, name="paper-upload"),
    path("berkas/<int:paper_id>/", views.paper_download, name="paper"),
    path("berkas/<int:paper_id>/periksa/", views.paper_verify, name="paper-verify"),
    path("penugasan/<int:assignment_id>/", views.assignment_detail, name="assignment"),
    path("penugasan/<int:assignment_id>/<slug:step>/", views.assignment_step, name="assignment-step"),
    path("luar-negeri/", views.overseas_list, name="overseas-list"),
    path("luar-negeri/baru/", views.overseas_create, name="overseas-create"),
    path("luar-negeri/<int:request_id>/", views.overseas_detail, name="overseas"),
    path("luar-negeri/<int:request_id>/ubah/", views.overseas_edit, name="overseas-edit"),
    path("luar-negeri/<int:request_id>/<slug:step>/", views.overseas_step, name="overseas-step"),
]

from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.program_list, name="list"),
    path("baru/", views.program_create, name="create"),
    path("<int:program_id>/", views.program_detail, name="detail"),
    path("<int:program_id>/ubah/", views.program_edit, name="edit"),
    path("<int:program_id>/rincian/<str:part>/", views.detail_add, name="detail-add"),
    path("<int:program_id>/rincian/<str:part>/<int:row_id>/hapus/", views.detail_remove, name="detail-remove"),
    path("<int:program_id>/bahan/", views.material_upload, name="material-upload"),
    path("<int:program_id>/bahan/<int:material_id>/", views.material_download, name="material"),
    path("<int:program_id>/kirim/", views.program_submit, name="submit"),
    path("<int:program_id>/terlambat/", views.program_allow_late, name="allow-late"),
    path("<int:program_id>/telaah/", views.criteria_review, name="review"),
    path("<int:program_id>/pembahasan/", views.discussion_record, name="discussion"),
    path("<int:program_id>/pembahasan/<int:discussion_id>/<str:action>/", views.discussion_fix, name="discussion-fix"),
    path("<int:program_id>/kembalikan/", views.program_return, name="return"),
    path("<int:program_id>/rekomendasi/", views.program_recommend, name="recommend"),
    path("<int:program_id>/keputusan/", views.decree_draft, name="decree"),
    path("<int:program_id>/peserta/", views.participants_add, name="participants"),
    path("<int:program_id>/peserta/seleksi/", views.participants_from_round, name="participants-round"),
    path("<int:program_id>/peserta/<int:participant_id>/hapus/", views.participant_remove, name="participant-remove"),
    path("<int:program_id>/sesi/", views.session_add, name="session"),
    path("<int:program_id>/sesi/<int:session_id>/kehadiran/", views.attendance, name="attendance"),
    path("<int:program_id>/mulai/", views.program_start, name="start"),
    path("<int:program_id>/hasil/", views.results, name="results"),
    path("<int:program_id>/tutup/", views.program_finish, name="finish"),
    path("<int:program_id>/supervisi/<int:supervision_id>/", views.supervision_record, name="supervision"),
    path("<int:program_id>/supervisi/<int:supervision_id>/batal/", views.supervision_clear, name="supervision-clear"),
    path("<int:program_id>/laporan/", views.report_submit, name="report"),
    path("<int:program_id>/laporan/kembalikan/", views.report_return, name="report-return"),
    path("<int:program_id>/sertifikat/", views.certificates_issue, name="issue"),
    path("<int:program_id>/sertifikat/<str:kind>.pdf", views.certificates_download, name="certificates"),
    path("<int:program_id>/sertifikat/<int:certificate_id>/", views.certificate_download, name="certificate"),
    path("<int:program_id>/sertifikat/<int:certificate_id>/cabut/", views.certificate_revoke, name="revoke"),
]

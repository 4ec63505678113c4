from django.urls import path

from . import views

app_name = "selfservice"

urlpatterns = [
    path("", views.home, name="home"),
    path("kompetensi/", views.competency, name="competency"),
    path("program/", views.programs, name="programs"),
    path("program/<int:program_id>/daftar/", views.interest_register, name="interest-register"),
    path("minat/<int:interest_id>/tarik/", views.interest_withdraw, name="interest-withdraw"),
    path("minat/<int:interest_id>/putuskan/", views.interest_decide, name="interest-decide"),
    path("tugas-belajar/<int:announcement_id>/daftar/", views.study_apply, name="study-apply"),
    path("tugas-belajar/usulan/<int:application_id>/", views.study_application, name="study-application"),
    path(
        "tugas-belajar/usulan/<int:application_id>/ubah/", views.study_application_edit, name="study-application-edit"
    ),
    path(
        "tugas-belajar/usulan/<int:application_id>/kirim/", views.study_application_send, name="study-application-send"
    ),
    path("tugas-belajar/usulan/<int:application_id>/berkas/", views.study_paper_upload, name="study-paper-upload"),
    path("tugas-belajar/berkas/<int:paper_id>/", views.study_paper, name="study-paper"),
    path("laporan/baru/", views.report_new, name="report-new"),
    path("laporan/<int:report_id>/", views.report_detail, name="report"),
    path("laporan/<int:report_id>/ubah/", views.report_edit, name="report-edit"),
    path("laporan/<int:report_id>/tarik/", views.report_withdraw, name="report-withdraw"),
    path("laporan/<int:report_id>/sertifikat/", views.report_file, name="report-file"),
    path("sertifikat/<int:certificate_id>/", views.certificate_download, name="certificate"),
    path("surat/<int:document_id>/", views.letter_download, name="letter"),
    path("pemeriksaan/", views.queue, name="queue"),
    path("perbaikan/baru/", views.correction_new, name="correction-new"),
    path("perbaikan/<int:request_id>/", views.correction_detail, name="correction"),
    path("perbaikan/<int:request_id>/tarik/", views.correction_withdraw, name="correction-withdraw"),
    path("perbaikan/<int:request_id>/dokumen/", views.correction_file, name="correction-file"),
]

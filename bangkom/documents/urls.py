from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("lambang.png", views.lambang, name="lambang"),
    path("<int:document_id>/", views.document_detail, name="detail"),
    path("<int:document_id>/unduh/<str:file_format>/", views.document_download, name="download"),
    path("<int:document_id>/paraf/", views.document_check, name="check"),
    path("<int:document_id>/kembalikan/", views.document_return, name="return"),
    path("<int:document_id>/tandatangan/", views.document_sign, name="sign"),
    path("<int:document_id>/tarik-tandatangan/", views.document_signature_withdraw, name="withdraw"),
    path("<int:document_id>/susun-ulang/", views.document_redraft, name="redraft"),
    path("<int:document_id>/perbaiki/", views.document_correct, name="correct"),
    path("<int:document_id>/ttd-kertas/", views.document_record_signed_paper, name="record-paper"),
    path("<int:document_id>/pindaian/", views.document_paper_scan, name="paper-scan"),
    path("<int:document_id>/unggah-perbaikan/", views.document_correction_upload, name="correction-upload"),
    path("<int:document_id>/docx-perbaikan/", views.document_editable, name="editable"),
    path("<int:document_id>/versi/<int:number>/<str:file_format>/", views.version_download, name="version-download"),
    path("templat/", views.template_list, name="templates"),
    path("templat/<str:kind>/", views.template_upload, name="template-upload"),
    path("templat/<str:kind>/unduh/", views.template_download, name="template-download"),
]

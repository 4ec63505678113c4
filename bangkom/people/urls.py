from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.employee_list, name="list"),
    path("ekspor/", views.employee_export, name="export"),
    path("tambah/", views.employee_create, name="create"),
    path("impor/", views.import_upload, name="import"),
    path("referensi/jabatan-fungsional/", views.functional_positions, name="functional-positions"),
    path("<str:nip>/", views.employee_detail, name="detail"),
    path("<str:nip>/jejak/", views.employee_audit, name="audit"),
    path("<str:nip>/ubah/", views.employee_edit, name="edit"),
    path("<str:nip>/riwayat/<slug:kind>/tambah/", views.history_add, name="history-add"),
    path("<str:nip>/dokumen/tambah/", views.document_add, name="document-add"),
    path("<str:nip>/dokumen/<int:document_id>/", views.document_download, name="document"),
]

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("akun/", include("bangkom.accounts.urls")),
    path("pegawai/", include("bangkom.people.urls")),
    path("seleksi/", include("bangkom.selection.urls")),
    path("dokumen/", include("bangkom.documents.urls")),
    path("pengiriman/", include("bangkom.dispatch.urls")),
    path("perencanaan/", include("bangkom.planning.urls")),
    path("program/", include("bangkom.training.urls")),
    path("tugas-belajar/", include("bangkom.studies.urls")),
    path("verifikasi/", include("bangkom.training.public_urls")),
    path("disposisi/", include("bangkom.workflow.urls")),
    path("saya/", include("bangkom.selfservice.urls")),
    path("notifikasi/", include("bangkom.notifications.urls")),
    path("api/", include("bangkom.api.urls")),
    path("siasn/", include("bangkom.siasn.urls")),
    path("", include("bangkom.desk.urls")),
    path("", include("bangkom.core.urls")),
]

handler400 = "bangkom.core.views.bad_request"
handler403 = "bangkom.core.views.permission_denied"
handler404 = "bangkom.core.views.page_not_found"
handler500 = "bangkom.core.views.server_error"

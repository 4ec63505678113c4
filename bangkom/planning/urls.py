from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("", views.cycle_list, name="list"),
    path("baru/", views.cycle_open, name="open"),
    path("<int:cycle_id>/", views.cycle_detail, name="cycle"),
    path("<int:cycle_id>/konsolidasi/", views.cycle_consolidate, name="consolidate"),
    path("<int:cycle_id>/batal/", views.cycle_cancel, name="cancel"),
    path("<int:cycle_id>/setujui/", views.cycle_approve, name="approve"),
    path("<int:cycle_id>/kembalikan/", views.cycle_return, name="return"),
    path("<int:cycle_id>/evaluasi/tutup/", views.cycle_evaluate, name="evaluate"),
    path("<int:cycle_id>/rekap.xlsx", views.plan_xlsx, name="plan-xlsx"),
    path("<int:cycle_id>/evaluasi/", views.evaluation, name="evaluation"),
    path("<int:cycle_id>/evaluasi.xlsx", views.evaluation_xlsx, name="evaluation-xlsx"),
    path("unit/<int:plan_id>/", views.unit_plan_detail, name="unit-plan"),
    path("unit/<int:plan_id>/kirim/", views.unit_plan_submit, name="submit"),
    path("unit/<int:plan_id>/verifikasi/", views.unit_plan_verify, name="verify"),
    path("unit/<int:plan_id>/buka-kembali/", views.unit_plan_reopen, name="reopen"),
    path("unit/<int:plan_id>/laporan/", views.unit_plan_report, name="report"),
    path("unit/<int:plan_id>/laporan/kembalikan/", views.unit_report_return, name="report-return"),
    path("unit/<int:plan_id>/pegawai/<str:nip>/", views.plan_employee, name="employee"),
    path("unit/<int:plan_id>/pegawai/<str:nip>/level/", views.level_record, name="level"),
    path("kegiatan/<int:item_id>/ubah/", views.item_edit, name="item-edit"),
    path("kegiatan/<int:item_id>/hapus/", views.item_remove, name="item-remove"),
    path("kegiatan/<int:item_id>/verifikasi/", views.item_verify, name="item-verify"),
    path("kegiatan/<int:item_id>/realisasi/", views.realisation_record, name="realisation"),
    path("jp/", views.jp_report, name="jp"),
    path("jp.xlsx", views.jp_xlsx, name="jp-xlsx"),
]

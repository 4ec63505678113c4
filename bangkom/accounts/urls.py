from django.contrib.auth import views as auth_views
from django.urls import path

from . import oidc, views

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.login, name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("sso/", oidc.sso_start, name="sso-start"),
    path("sso/kembali/", oidc.sso_callback, name="sso-callback"),
    path("kata-sandi/", views.password_change, name="password-change"),
    path("kata-sandi/selesai/", views.password_change_done, name="password-change-done"),
    path("lupa-kata-sandi/", views.password_reset, name="password-reset"),
    path("lupa-kata-sandi/terkirim/", views.password_reset_done, name="password-reset-done"),
    path("atur-ulang/<uidb64>/<token>/", views.password_reset_confirm, name="password-reset-confirm"),
    path("atur-ulang/selesai/", views.password_reset_complete, name="password-reset-complete"),
    path("dua-langkah/pasang/", views.two_factor_setup, name="two-factor-setup"),
    path("dua-langkah/", views.two_factor_verify, name="two-factor-verify"),
    path("aktivasi/", views.activate, name="activate"),
    path("pegawai/", views.employee_accounts, name="employee-accounts"),
    path("pegawai/buat/", views.employee_accounts_open, name="employee-accounts-open"),
    path("pegawai/<int:employee_id>/kode-baru/", views.employee_account_renew, name="employee-account-renew"),
    path("pengguna/", views.user_list, name="users"),
    path("pengguna/<int:user_id>/dua-langkah/atur-ulang/", views.user_two_factor_reset, name="user-two-factor-reset"),
    path("pengguna/<int:user_id>/buka-kunci/", views.user_unlock, name="user-unlock"),
    path("pengguna/<int:user_id>/kata-sandi/", views.user_password, name="user-password"),
]

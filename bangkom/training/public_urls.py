"""The public certificate verification page: no login, linked from each certificate's QR code."""

from django.urls import path

from . import views

app_name = "verification"

urlpatterns = [
    path("", views.verify, name="search"),
    path("<str:code>/", views.verify, name="certificate"),
]

from django.urls import path

from . import views

app_name = "sharing"

urlpatterns = [
    path("og/default.png", views.default_card, name="default-card"),
    path("og/<slug:kind>/<slug:slug>.png", views.card, name="card"),
]

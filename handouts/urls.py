from django.urls import path

from . import views

app_name = "handouts"

urlpatterns = [
    path("handouts/new/", views.HandoutCreateView.as_view(), name="new"),
    path("h/<str:code>/", views.HandoutDetailView.as_view(), name="detail"),
    path("h/<str:code>/pdf/", views.HandoutPdfView.as_view(), name="pdf"),
]

from django.urls import path

from . import views

app_name = "treatments"

urlpatterns = [
    path("", views.TreatmentListView.as_view(), name="list"),
    path("compare/", views.CompareView.as_view(), name="compare"),
    path("<slug:slug>/", views.TreatmentDetailView.as_view(), name="detail"),
]

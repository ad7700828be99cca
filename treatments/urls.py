from django.urls import path

from . import views

app_name = "treatments"

urlpatterns = [
    path("", views.TreatmentListView.as_view(), name="list"),
    path("compare/", views.GlanceView.as_view(), name="compare"),
    path("compare/full/", views.CompareView.as_view(), name="compare-full"),
    path("compare/pdf/", views.GlancePdfView.as_view(), name="compare-pdf"),
    path("<slug:slug>/", views.TreatmentDetailView.as_view(), name="detail"),
]

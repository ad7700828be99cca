from django.urls import path, register_converter

from . import views


class StepConverter:
    """Steps 2 to 7 have their own address; step 1 is /decide/ itself."""

    regex = "[2-7]"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(StepConverter, "step")

app_name = "decisions"

urlpatterns = [
    path("", views.StepView.as_view(), {"step": 1}, name="start"),
    path("<step:step>/", views.StepView.as_view(), name="step"),
    path("summary/", views.SummaryView.as_view(), name="summary"),
    path("summary/pdf/", views.SummaryPdfView.as_view(), name="summary_pdf"),
]

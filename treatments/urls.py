from django.urls import path
from django.views.generic import TemplateView

app_name = "treatments"

# Placeholder until the treatments issue lands its models and views.
urlpatterns = [
    path("", TemplateView.as_view(template_name="treatments/treatment_list.html"), name="list"),
]

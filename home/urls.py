from django.urls import path

from . import views

# The namespace templates have always used for the home page ({% url 'core:home' %}), kept so
# that moving the view out of `core` changes no template.
app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
]

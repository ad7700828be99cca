from django.views.generic import TemplateView

from articles.models import Category


class HomeView(TemplateView):
    template_name = "home/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["categories"] = [Category.card(value) for value in Category.values]
        return context

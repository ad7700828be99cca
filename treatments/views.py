from django.shortcuts import render
from django.urls import reverse
from django.views.generic import ListView, TemplateView

from articles.models import Article, Category
from core.links import absolute_url

from . import selectors
from .citations import PageCitations
from .comparison import aspect_rows, doctor_questions, fits_for, outcome_rows
from .forms import CompareForm, PrioritiesForm, read_selection
from .models import Treatment

RELATED_ARTICLES = 3


class CitationsMixin:
    """Gives the template one `cites` object, so every citation on the page shares one numbering."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cites"] = PageCitations()
        return context


class TreatmentListView(CitationsMixin, ListView):
    template_name = "treatments/treatment_list.html"
    context_object_name = "treatments"

    def get_queryset(self):
        return Treatment.objects.in_order().only("name", "slug", "kind", "summary", "order")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        choices = [(treatment.slug, treatment.name) for treatment in context["treatments"]]
        context["compare_form"] = CompareForm(choices=choices)
        context["compare_all_slugs"] = [slug for slug, _name in choices]
        return context


class TreatmentDetailView(CitationsMixin, TemplateView):
    template_name = "treatments/treatment_detail.html"

    def get(self, request, *args, **kwargs):
        self.treatment = selectors.treatment_detail(slug=kwargs["slug"])
        if self.treatment is None:
            # The 404 page, with the options that do exist.
            context = {"treatments": selectors.treatment_choices(), "cites": PageCitations()}
            return render(request, "treatments/treatment_not_found.html", context, status=404)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        treatment = self.treatment
        context["treatment"] = treatment
        context["rows"] = aspect_rows([treatment], selectors.aspects())
        outcomes = list(treatment.outcomes.all())
        context["benefits"] = [outcome for outcome in outcomes if outcome.direction == outcome.Direction.BENEFIT]
        context["harms"] = [outcome for outcome in outcomes if outcome.direction == outcome.Direction.HARM]
        context["related_articles"] = Article.objects.published().in_category(Category.TREATMENTS)[:RELATED_ARTICLES]
        return context


class CompareView(CitationsMixin, TemplateView):
    """/treatments/compare/?t=botox&t=microvascular-decompression: 2 to 5 options side by side."""

    template_name = "treatments/compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        choices = selectors.treatment_choices()
        selection = read_selection(self.request.GET.getlist("t"), choices)
        # Shared links and QR codes keep only the valid choices, in order: no tracking or junk.
        context["canonical_url"] = absolute_url(
            self.request, reverse("treatments:compare"), [("t", slug) for slug in selection.slugs]
        )
        context.update(
            selection=selection,
            compare_form=CompareForm(choices=choices, selected=selection.slugs),
            all_slugs=[slug for slug, _name in choices],
        )
        if not selection.is_comparison:
            return context
        treatments = selectors.treatments_with_details(slugs=selection.slugs)
        shared = selectors.comparison_rows()
        matters_form = PrioritiesForm(self.request.GET, priorities=shared["priorities"], selected=selection.slugs)
        ratings = matters_form.ratings()
        context.update(
            treatments=treatments,
            aspect_rows=aspect_rows(treatments, shared["aspects"]),
            outcome_rows=outcome_rows(treatments, shared["measures"]),
            matters_form=matters_form,
            ratings=ratings,
            fits=fits_for(treatments, ratings),
            questions=doctor_questions(treatments, ratings) if ratings else [],
        )
        return context

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.generic import ListView, TemplateView

from articles.models import Article, Category
from core.links import absolute_url
from core.ratelimit import PdfLimitMixin
from references.pages import PageReferences

from . import selectors
from .comparison import aspect_rows, doctor_questions, fits_for, outcome_rows
from .forms import CompareForm, PrioritiesForm, read_selection
from .glance import glance_rows, review_groups
from .models import Treatment

RELATED_ARTICLES = 3
# Up to this many options fit an upright A4 sheet; more go landscape (in a narrow typeface).
LANDSCAPE_FROM = 2


class CitationsMixin:
    """Gives the template one `cites` object, so every citation on the page shares one numbering."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cites"] = PageReferences()
        return context


class TreatmentListView(CitationsMixin, ListView):
    template_name = "treatments/treatment_list.html"
    context_object_name = "treatments"

    def get_queryset(self):
        return Treatment.objects.in_order().only("name", "slug", "kind", "summary", "summary_html", "order")

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
            context = {"treatments": selectors.treatment_choices(), "cites": PageReferences()}
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


class ComparisonMixin(CitationsMixin):
    """What every form of the comparison shares: reading ?t=, the canonical address, the form."""

    url_name = "treatments:compare"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        choices = selectors.treatment_choices()
        self.selection = selection = read_selection(self.request.GET.getlist("t"), choices)
        # Shared links and QR codes keep only the valid choices, in order: no tracking or junk.
        query = [("t", slug) for slug in selection.slugs]
        context["canonical_url"] = absolute_url(self.request, reverse(self.url_name), query)
        context.update(
            selection=selection,
            compare_form=CompareForm(choices=choices, selected=selection.slugs, action=self.url_name),
            all_slugs=[slug for slug, _name in choices],
            first_name=dict(choices).get(selection.slugs[0]) if selection.slugs else "",
            glance_query=urlencode(query),
        )
        return context


class GlanceView(ComparisonMixin, TemplateView):
    """/treatments/compare/?t=botox&t=microvascular-decompression: the options at a glance.

    A fixed number of queries for 2 to 5 options: the selector's prefetches and the aspects.
    """

    template_name = "treatments/glance.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.selection.is_comparison:
            treatments = selectors.treatments_with_details(slugs=self.selection.slugs)
            context.update(
                treatments=treatments,
                rows=glance_rows(treatments, selectors.aspects()),
                review_groups=review_groups(treatments),
            )
        return context


class GlancePdfView(PdfLimitMixin, GlanceView):
    """/treatments/compare/pdf/?t=...: the glance as an A4 PDF made on the server (rate limited)."""

    template_name = "treatments/glance_pdf.html"

    def render_to_response(self, context, **response_kwargs):
        if not self.selection.is_comparison:
            return redirect(f"{reverse('treatments:compare')}?{context['glance_query']}")
        context["canonical_url"] = absolute_url(
            self.request, reverse("treatments:compare"), [("t", slug) for slug in self.selection.slugs]
        )
        context["landscape"] = len(context["treatments"]) > LANDSCAPE_FROM
        from core.pdf import html_to_pdf  # WeasyPrint loads in ~1 s: only when a PDF is asked for

        html = render_to_string(self.template_name, context, request=self.request)
        pdf = html_to_pdf(html, base_url=self.request.build_absolute_uri())
        response = HttpResponse(pdf, content_type="application/pdf")
        filename = "hfs-options-" + "-vs-".join(self.selection.slugs)[:120] + ".pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response


class CompareView(ComparisonMixin, TemplateView):
    """/treatments/compare/full/?t=...: every answer, point and outcome side by side, and what
    matters to you."""

    template_name = "treatments/compare.html"
    url_name = "treatments:compare-full"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        selection = self.selection
        if not selection.is_comparison:
            return context
        treatments = selectors.treatments_with_details(slugs=selection.slugs)
        context["review_groups"] = review_groups(treatments)
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

from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
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


def _once(compute):
    """`compute`, run at most once, when first called."""
    result = []

    def call():
        if not result:
            result.append(compute())
        return result[0]

    return call


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
        # Its own row for the head; the rest only when the main part is rendered rather than
        # read from the fragment cache (core.fragments).
        self.treatment = selectors.treatment_by_slug(slug=kwargs["slug"])
        if self.treatment is None:
            # The 404 page, with the options that do exist.
            context = {"treatments": selectors.treatment_choices(), "cites": PageReferences()}
            return render(request, "treatments/treatment_not_found.html", context, status=404)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        treatment = self.treatment
        details = _once(lambda: selectors.with_details(treatment))

        def outcomes(direction):
            return [outcome for outcome in details().outcomes.all() if outcome.direction == direction]

        context["treatment"] = treatment
        context["treatment_details"] = SimpleLazyObject(details)
        context["rows"] = SimpleLazyObject(lambda: aspect_rows([details()], selectors.aspects()))
        context["benefits"] = SimpleLazyObject(lambda: outcomes(treatment.outcomes.model.Direction.BENEFIT))
        context["harms"] = SimpleLazyObject(lambda: outcomes(treatment.outcomes.model.Direction.HARM))
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
        names = dict(choices)
        context.update(
            selection=selection,
            compare_form=CompareForm(choices=choices, selected=selection.slugs, action=self.url_name),
            all_slugs=[slug for slug, _name in choices],
            first_name=names.get(selection.slugs[0]) if selection.slugs else "",
            selected_names=[names[slug] for slug in selection.slugs] if selection.is_comparison else [],
            glance_query=urlencode(query),
            # What the comparison part shows beyond the content (core.fragments): the options,
            # the notes about the address, and on the full comparison what matters to the reader.
            fragment_key=(
                self.url_name,
                tuple(selection.slugs),
                tuple(str(notice) for notice in selection.notices),
                self.request.GET.urlencode() if self.url_name == "treatments:compare-full" else "",
            ),
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
            # Worked out only when the comparison is rendered, not read from the fragment cache.
            treatments = _once(lambda: selectors.treatments_with_details(slugs=self.selection.slugs))
            context.update(
                treatments=SimpleLazyObject(treatments),
                rows=SimpleLazyObject(lambda: glance_rows(treatments(), selectors.aspects())),
                review_groups=SimpleLazyObject(lambda: review_groups(treatments())),
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
        from core.pdf import pdf_response  # WeasyPrint loads in ~1 s: only when a PDF is asked for

        html = render_to_string(self.template_name, context, request=self.request)
        filename = "hfs-options-" + "-vs-".join(self.selection.slugs)[:120] + ".pdf"
        return pdf_response(html, base_url=self.request.build_absolute_uri(), filename=filename)


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
        # Worked out only when the comparison is rendered, not read from the fragment cache.
        treatments = _once(lambda: selectors.treatments_with_details(slugs=selection.slugs))
        shared = _once(selectors.comparison_rows)
        matters_form = _once(
            lambda: PrioritiesForm(self.request.GET, priorities=shared()["priorities"], selected=selection.slugs)
        )
        ratings = _once(lambda: matters_form().ratings())
        context.update(
            treatments=SimpleLazyObject(treatments),
            review_groups=SimpleLazyObject(lambda: review_groups(treatments())),
            aspect_rows=SimpleLazyObject(lambda: aspect_rows(treatments(), shared()["aspects"])),
            outcome_rows=SimpleLazyObject(lambda: outcome_rows(treatments(), shared()["measures"])),
            matters_form=SimpleLazyObject(matters_form),
            ratings=SimpleLazyObject(ratings),
            fits=SimpleLazyObject(lambda: fits_for(treatments(), ratings())),
            questions=SimpleLazyObject(lambda: doctor_questions(treatments(), ratings()) if ratings() else []),
        )
        return context

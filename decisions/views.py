"""My decision guide (/decide/ to /decide/7/) and its printable summary (/decide/summary/).

Every page is a GET form; the answers live only in the address. Step 2 (the true or false
statements) and step 6 (the SURE test) send to themselves and show their result; every other
step sends to the next one. A step sent with a missing or wrong answer is shown again, with its
errors and every answer kept.
"""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.links import absolute_url
from core.pdf import pdf_response
from core.ratelimit import PdfLimitMixin
from references.pages import PageReferences
from treatments.comparison import doctor_questions

from . import selectors
from .forms import NOT_SURE, STEPS, TITLES, Guide, SupportForm, SureForm

RESULT_STEPS = {2, 6}
STEP_FRAGMENT = "#step-heading"
RESULT_FRAGMENT = "#result-heading"


def step_path(step):
    if step == STEPS + 1:
        return reverse("decisions:summary")
    return reverse("decisions:start") if step == 1 else reverse("decisions:step", kwargs={"step": step})


def with_query(path, pairs, fragment=""):
    return f"{path}?{urlencode(pairs)}{fragment}" if pairs else f"{path}{fragment}"


class GuideMixin:
    def dispatch(self, request, *args, **kwargs):
        choices, priorities = selectors.guide_choices()
        self.guide = Guide(request.GET, choices=choices, priorities=priorities)
        sent = self.guide.sent
        here = kwargs.get("step", STEPS + 1)
        if sent is not None and sent != here and not self.guide.is_answered(sent):
            # Back to the step that was sent, with its errors and every answer.
            return redirect(f"{step_path(sent)}?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        guide = self.guide
        carried = guide.carried()
        here = kwargs.get("step", STEPS + 1)
        context["guide"] = guide
        context["steps"] = [
            {
                "number": step,
                "title": TITLES[step],
                "url": with_query(step_path(step), carried, STEP_FRAGMENT),
                "answered": guide.is_answered(step),
                "current": step == here,
            }
            for step in range(1, STEPS + 1)
        ]
        context["summary_url"] = with_query(step_path(STEPS + 1), carried, STEP_FRAGMENT)
        context["has_answers"] = bool(carried)
        return context


class StepView(GuideMixin, TemplateView):
    template_name = "decisions/step.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        guide = self.guide
        step = kwargs["step"]
        carried = guide.carried()
        form = guide.form(step)
        if step in RESULT_STEPS:
            action, label = step_path(step) + RESULT_FRAGMENT, _("Check my answers")
        elif step == STEPS:
            action, label = step_path(STEPS + 1) + STEP_FRAGMENT, _("Show my summary")
        else:
            action, label = step_path(step + 1) + STEP_FRAGMENT, _("Next step")
        form.helper = guide.helper(step, action=action, submit_label=label)
        context.update(
            step=step,
            total=STEPS,
            intro_template=f"decisions/includes/intro_{step}.html",
            title=TITLES[step],
            form=form,
            answered=guide.is_answered(step),
            previous_url=with_query(step_path(step - 1), carried, STEP_FRAGMENT) if step > 1 else "",
            next_url=with_query(step_path(step + 1), carried, STEP_FRAGMENT),
            next_title=TITLES.get(step + 1, _("My summary for my appointment")),
        )
        if step == 2 and context["answered"]:
            context["feedback"] = form.feedback()
        if step == 6 and context["answered"]:
            context["sure_yes"] = form.yes_count()
            context["sure_no"] = form.no_names()
        return context


class SummaryView(GuideMixin, TemplateView):
    """My summary for my appointment: one printable page built from the answers in the address."""

    template_name = "decisions/summary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        guide = self.guide
        names = dict(guide.choices)
        answers = guide.answers()
        context["canonical_url"] = absolute_url(self.request, reverse("decisions:summary"), answers)
        context["pdf_url"] = with_query(reverse("decisions:summary_pdf"), answers)
        context["cites"] = PageReferences()
        context["missing"] = [step for step in context["steps"] if not step["answered"]]

        treatments = selectors.considered_treatments(slugs=guide.considered_slugs())
        context["treatments"] = treatments
        context["rows"] = rows = selectors.summary_rows(treatments=treatments)
        # Which columns show a figure somewhere: on paper the others are given less width.
        context["figure_columns"] = [any(row.cells[index].headline for row in rows) for index in range(len(treatments))]

        if guide.is_answered(1):
            form = guide.form(1)
            context["stage"] = dict(form.STAGES)[form.cleaned_data["stage"]]
        ratings = guide.form(3).ratings() if guide.is_answered(3) else {}
        context["very"] = [priority for priority, level in ratings.items() if level == "very"]
        context["somewhat"] = [priority for priority, level in ratings.items() if level == "somewhat"]
        context["questions"] = doctor_questions(treatments, ratings)
        if guide.is_answered(4):
            lean = guide.form(4).cleaned_data["lean"]
            context["leaning"] = _("I am not sure yet") if lean == NOT_SURE else names[lean]
        if guide.is_answered(5):
            form = guide.form(5)
            context["support_lines"] = [
                (form.fields[name].label, dict(form.fields[name].choices)[form.cleaned_data[name]])
                for name in SupportForm.base_fields
            ]
        if guide.is_answered(6):
            form = guide.form(6)
            context["sure"] = form.answers()
            context["sure_yes"] = form.yes_count()
            context["sure_choices"] = dict(SureForm.CHOICES)
        if guide.is_answered(7):
            form = guide.form(7)
            context["next_steps"] = [dict(form.fields["next"].choices)[value] for value in form.cleaned_data["next"]]
        return context


class SummaryPdfView(PdfLimitMixin, SummaryView):
    """The same summary as a PDF file, drawn on the server from the printed page (rate limited)."""

    def render_to_response(self, context, **response_kwargs):
        html = render_to_string(self.template_name, context, request=self.request)
        return pdf_response(html, base_url=self.request.build_absolute_uri("/"), filename="my-decision-summary.pdf")

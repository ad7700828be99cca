from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.generic import FormView, TemplateView

from .forms import HandoutForm
from .models import is_well_formed_code
from .ratelimit import CreationLimit
from .selectors import handout_pack


class HandoutCreateView(FormView):
    """The builder. Each client address may create a limited number of handouts per hour."""

    template_name = "handouts/handout_form.html"
    form_class = HandoutForm

    def post(self, request, *args, **kwargs):
        self.limit = CreationLimit(request)
        if not self.limit.reserve():
            response = render(
                request, "handouts/rate_limited.html", {"window_minutes": self.limit.window // 60}, status=429
            )
            response["Retry-After"] = str(self.limit.window)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        return redirect(form.save())

    def form_invalid(self, form):
        self.limit.release()  # a refused form does not count against the limit
        return super().form_invalid(form)


class HandoutDetailView(TemplateView):
    """The printable pack behind a short link."""

    template_name = "handouts/handout_detail.html"

    def get(self, request, *args, **kwargs):
        code = kwargs["code"]
        if code != code.lower() and is_well_formed_code(code.lower()):
            # Codes are lower case; someone typing from paper may not be.
            return redirect("handouts:detail", code=code.lower(), permanent=True)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pack"] = handout_pack(code=self.kwargs["code"])
        if context["pack"] is None:
            raise Http404(gettext("No handout has this code."))
        return context

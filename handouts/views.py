from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from .browse import initial_from
from .forms import HandoutForm
from .models import Handout, is_well_formed_code
from .ratelimit import CreationLimit, LimitUnavailable
from .selectors import find_handout, pack_of
from .summary import printed_sheets, summary_pack

# Where the summary template wants its sheet count (an HTML comment: no text a reader or an
# editor writes can hold it, since both are escaped or cleaned).
SHEETS_MARK = "<!--hfs:sheets-->"


def is_same_site_post(request):
    """A form sent from one of our own pages, judged by the headers browsers add themselves.

    This replaces the CSRF cookie for the one form readers use, so the builder sets no cookie.
    Browsers send Sec-Fetch-Site (and Origin) with every form post; a request with neither did
    not come from another site's page in a browser, which is what CSRF protection is about.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in {"same-origin", "none"}:
        return False
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    if origin == "null":
        return False
    own = {urlsplit(settings.SITE_URL).netloc} if settings.SITE_URL else set()
    own.add(request.get_host())
    return urlsplit(origin).netloc in own


@method_decorator(csrf_exempt, name="dispatch")
class HandoutCreateView(FormView):
    """The builder. Each client address may create a limited number of handouts per hour."""

    template_name = "handouts/handout_form.html"
    form_class = HandoutForm

    def is_browsing(self):
        """The form was sent by "Find articles" or a paging button: show it again, save nothing."""
        return self.request.method == "POST" and ("browse" in self.request.POST or "page" in self.request.POST)

    def get_initial(self):
        # Finding and paging send the whole form, so what was ticked and typed is shown again. They
        # post it: with GET the patient's note would sit in the address, the history and the logs.
        # A GET with the same fields (an address saved before) is still read.
        if self.request.method == "GET":
            return initial_from(self.request.GET)
        return initial_from(self.request.POST) if self.is_browsing() else {}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        sent = self.request.GET
        if self.is_browsing():
            sent = self.request.POST
            del kwargs["data"], kwargs["files"]  # unbound: shown again, not checked
        return {**kwargs, "page": sent.get("page", 1)}

    def post(self, request, *args, **kwargs):
        if not is_same_site_post(request):
            return render(request, "403_csrf.html", {"reason": ""}, status=403)
        if self.is_browsing():
            return self.render_to_response(self.get_context_data())
        self.limit = CreationLimit(request)
        try:
            reserved = self.limit.reserve()
        except LimitUnavailable:
            response = render(request, "handouts/limit_unavailable.html", status=503)
            response["Retry-After"] = "60"
            return response
        if not reserved:
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
    """The printable pack behind a short link: the summary or every page in full (?pack=full),
    with the number of A4 sheets it prints on, read from its PDF."""

    def get(self, request, *args, **kwargs):
        code = kwargs["code"]
        if code != code.lower() and is_well_formed_code(code.lower()):
            # Codes are lower case; someone typing from paper may not be.
            return redirect("handouts:detail", code=code.lower(), permanent=True)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        handout = find_handout(self.kwargs["code"])
        if handout is None:
            raise Http404(gettext("No handout has this code."))
        asked = self.request.GET.get("pack")
        self.kind = asked if asked in Handout.Kind.values else handout.kind
        # The pack's pages are gathered only when its rendered body is not already kept for this
        # version of the content (the {% fragment %} in each template): one query, not 15.
        pack = SimpleLazyObject(lambda: pack_of(handout))
        context["pack_code"] = handout.code
        context["pack"] = pack
        context["kind"] = self.kind
        context["other_kind"] = Handout.Kind.FULL if self.kind == Handout.Kind.SUMMARY else Handout.Kind.SUMMARY
        context["cites"] = SimpleLazyObject(lambda: pack.cites)
        if self.kind == Handout.Kind.SUMMARY:
            context["summary"] = SimpleLazyObject(lambda: summary_pack(pack))
        return context

    def get_template_names(self):
        if self.kind == Handout.Kind.SUMMARY:
            return ["handouts/handout_summary.html"]
        return ["handouts/handout_detail.html"]

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.kind == Handout.Kind.SUMMARY:
            # Counted only for the summary: drawing a full pack's PDF takes too long for a page
            # view. The count shows on screen only, so the PDF is drawn from this very page,
            # rendered once with a mark where the count goes, and the line is put in after.
            response.add_post_render_callback(self._with_sheet_count)
        return response

    def _with_sheet_count(self, response):
        html = response.content.decode()
        sheets = printed_sheets(html, base_url=self.request.build_absolute_uri("/"))
        line = render_to_string(
            "handouts/includes/sheets.html", {"sheets": sheets, "kind": self.kind}, request=self.request
        )
        response.content = html.replace(SHEETS_MARK, line, 1)

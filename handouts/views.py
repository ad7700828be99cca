from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from core.links import absolute_url
from core.ratelimit import PdfLimitMixin

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

    url_name = "handouts:detail"

    def get(self, request, *args, **kwargs):
        code = kwargs["code"]
        if code != code.lower() and is_well_formed_code(code.lower()):
            # Codes are lower case; someone typing from paper may not be.
            return redirect(self.url_name, code=code.lower(), permanent=True)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        handout = find_handout(self.kwargs["code"])
        if handout is None:
            raise Http404(gettext("No handout has this code."))
        self.kind = self.chosen_kind(handout)
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

    def chosen_kind(self, handout):
        """The pack asked for (?pack=summary or full), else the one the handout was made as."""
        asked = self.request.GET.get("pack")
        return asked if asked in Handout.Kind.values else handout.kind

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
            "handouts/includes/sheets.html",
            {"sheets": sheets, "kind": self.kind, "pack_code": self.kwargs["code"]},
            request=self.request,
        )
        response.content = html.replace(SHEETS_MARK, line, 1)


class HandoutPdfView(PdfLimitMixin, HandoutDetailView):
    """/h/<code>/pdf/: the summary pack as an A4 PDF drawn on the server, limited with the site's
    other PDFs. It is the page's own layout, so it has the number of sheets the page states, on
    any printer (a browser printing the page itself lays it out its own way)."""

    url_name = "handouts:pdf"

    def chosen_kind(self, handout):
        # Only the summary: every page in full runs to about 30 sheets and many seconds of drawing.
        return Handout.Kind.SUMMARY

    def render_to_response(self, context, **response_kwargs):
        from core.pdf import pdf_response  # WeasyPrint loads in ~1 s: only when a PDF is asked for

        code = context["pack_code"]
        # What the pack's page shows (its own address in the share panel and QR code), laid out
        # from the same base address as the page's sheet count.
        context["canonical_url"] = absolute_url(self.request, reverse("handouts:detail", kwargs={"code": code}))
        html = render_to_string(self.get_template_names()[0], context, request=self.request)
        response = pdf_response(html, base_url=self.request.build_absolute_uri("/"), filename=f"hfs-handout-{code}.pdf")
        response["X-Robots-Tag"] = "noindex"  # as the pack's page says in its <meta>
        return response

"""The guide's pages through the client: GET round trips, errors that keep every answer, no
cookies, a fixed number of queries."""

import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from .conftest import FULL

pytestmark = pytest.mark.django_db

START = reverse("decisions:start")
SUMMARY = reverse("decisions:summary")


def step(n):
    return START if n == 1 else reverse("decisions:step", kwargs={"step": n})


def get(client, path, pairs):
    return client.get(f"{path}?{urlencode(pairs, doseq=True)}")


def form_of(html):
    """(action, [(name, value)] of the hidden inputs) of the step's form."""
    form = html.split('id="step-form"', 1)[0].rsplit("<form", 1)[1] + html.split('id="step-form"', 1)[1]
    action = unescape(re.search(r'action="([^"]*)"', form).group(1))
    hidden = re.findall(r'type="hidden"\s+name="([^"]+)"\s+value="([^"]*)"', form.split("</form>", 1)[0])
    return action, [(name, unescape(value)) for name, value in hidden]


def test_the_first_step_is_a_get_form_with_every_option_ticked_and_sets_no_cookie(
    client, loaded, django_assert_num_queries
):
    with django_assert_num_queries(2):
        response = client.get(START)
    assert response.status_code == 200
    assert response.cookies == {}
    html = response.text
    assert "Step 1 of 7" in html and 'id="step-heading"' in html
    action, hidden = form_of(html)
    assert action == "/decide/2/#step-heading"
    assert hidden == [("sent", "1")]
    assert 'method="get"' in html
    assert len(re.findall(r'name="t" value="[^"]+"\s+id="[^"]+" checked', html)) == 5
    assert "We store nothing" in html
    assert "noindex" not in html


@pytest.mark.parametrize("number", [2, 3, 4, 5, 6, 7])
def test_every_step_carries_every_other_answer_and_says_where_it_sends(
    client, loaded, django_assert_num_queries, number
):
    with django_assert_num_queries(2):
        response = get(client, step(number), FULL)
    assert response.status_code == 200
    assert response.cookies == {}
    html = response.text
    assert f"Step {number} of 7" in html
    action, hidden = form_of(html)
    expected = {2: "/decide/2/#result-heading", 6: "/decide/6/#result-heading", 7: "/decide/summary/#step-heading"}
    assert action == expected.get(number, f"/decide/{number + 1}/#step-heading")
    own = {2: {"k1", "k2", "k3", "k4"}, 3: {"p-avoid-surgery", "p-lasting-relief"}, 4: {"lean"}}
    own |= {5: {"support", "pressure", "role"}, 6: {"s1", "s2", "s3", "s4"}, 7: {"next"}}
    assert hidden == [pair for pair in FULL if pair[0] not in own[number]] + [("sent", str(number))]
    # This step's own answers are shown, chosen.
    for name, value in FULL:
        if name in own[number]:
            assert re.search(rf'name="{name}" value="{value}"\s+id="[^"]+"\s*checked', html), (name, value)
    assert '<meta name="robots" content="noindex">' in html


def test_a_step_sent_incomplete_comes_back_with_errors_and_every_answer(client, loaded):
    sent = [("t", "watchful-waiting"), ("sent", "1")]
    response = get(client, step(2), sent)
    assert response.status_code == 302
    assert response["Location"] == f"{START}?t=watchful-waiting&sent=1"

    response = client.get(response["Location"])
    html = response.text
    assert "Step 1 of 7" in html
    assert "Please answer the questions marked below" in html
    assert "Choose how far along you are." in html
    assert re.search(r'name="t" value="watchful-waiting"\s+id="[^"]+"\s*checked', html)
    assert not re.search(r'name="t" value="botox"\s+id="[^"]+"\s*checked', html)


def test_nothing_chosen_on_step_one_is_an_error(client, loaded):
    response = client.get(f"{START}?sent=1&stage=close")
    assert "Choose at least one option you are considering." in response.text
    assert re.search(r'name="stage" value="close"\s+id="[^"]+"\s*checked', response.text)


def test_a_step_sent_complete_moves_on(client, loaded):
    response = get(client, step(2), [("t", "botox"), ("stage", "close"), ("sent", "1")])
    assert response.status_code == 200
    assert "Step 2 of 7" in response.text
    assert "Please answer" not in response.text


def test_checking_the_statements_shows_each_answer_with_a_link_to_where_it_is_explained(client, loaded):
    response = get(client, step(2), [*FULL, ("sent", "2")])
    html = response.text
    assert 'id="result-heading"' in html
    assert "You said False. That is right." in html
    assert "You said I am not sure. The answer is True." in html
    assert html.count('href="/articles/choosing-a-treatment/#') == 4
    next_link = unescape(re.search(r'class="button" href="([^"]+)">Next: What matters to you', html).group(1))
    parts = urlsplit(next_link)
    assert parts.path == step(3) and parts.fragment == "step-heading"
    assert parse_qsl(parts.query) == FULL


def test_unanswered_statements_come_back_with_errors(client, loaded):
    response = get(client, step(2), [("k1", "true"), ("sent", "2")])
    html = response.text
    assert html.count("Choose True, False or “I am not sure”.") == 3
    assert 'id="result-heading"' not in html
    assert re.search(r'name="k1" value="true"\s+id="[^"]+"\s*checked', html)


@pytest.mark.parametrize(
    ("answers", "expected", "advice"),
    [
        (["yes", "yes", "yes", "yes"], "You answered “Yes” to 4 questions of 4", None),
        (["yes", "no", "yes", "no"], "You answered “Yes” to 2 questions of 4", "Find more support."),
        (["no", "yes", "no", "yes"], "You answered “Yes” to 2 questions of 4", "Think again about what matters"),
    ],
)
def test_the_sure_test_says_what_fewer_than_four_yes_answers_mean(client, loaded, answers, expected, advice):
    pairs = [(f"s{n}", answer) for n, answer in enumerate(answers, 1)] + [("sent", "6")]
    html = get(client, step(6), pairs).text
    assert expected in html
    if advice is None:
        assert "You seem to feel sure" in html and "Fewer than four" not in html
    else:
        assert "Fewer than four “Yes” answers means you may still feel unsure" in html
        assert advice in html


def test_the_summary_holds_every_answer_and_sets_no_cookie(client, loaded, django_assert_num_queries):
    with django_assert_num_queries(7):
        response = get(client, SUMMARY, [*FULL, ("sent", "7")])
    assert response.status_code == 200
    assert response.cookies == {}
    html = unescape(response.text)
    assert "My summary for my appointment" in html
    assert "Nothing is stored on our server" in html
    assert "Very important:</strong> Avoiding an operation" in html
    assert "Relief that lasts" not in html.split("What matters to me", 1)[1].split("</section>", 1)[0]
    assert "I am leaning toward:</strong> Botox injections" in html
    assert "Understand information: <strong>No</strong>" in html
    assert "Fewer than four “Yes” answers" in html
    assert "Talk with my doctor about the options" in html
    # The priority's own question for the doctor, and the generic ones.
    assert "Can I avoid an operation?" in html
    assert "If I choose one option now, can I change to another later?" in html
    # The rows of the options considered only, with their cited short answers.
    table = html.split('class="summary-table', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'<th scope="col">([^<]+)', table) == ["Question", "Botox injections", "Watchful waiting"]
    assert 'class="cite-link" href="#ref-' in table
    assert 'id="ref-' in html
    assert "Steps not answered yet" not in html
    assert '<svg role="img"' in html


def test_the_summary_address_and_qr_code_hold_only_the_valid_answers(client, loaded):
    response = get(client, SUMMARY, [*FULL, ("sent", "7"), ("utm_source", "x")])
    canonical = response.context["canonical_url"]
    parts = urlsplit(canonical)
    assert parts.path == SUMMARY
    assert parse_qsl(parts.query) == [pair for pair in FULL if pair != ("p-lasting-relief", "not")]
    assert len(canonical) <= 400  # short enough for a QR code
    # Following it gives the same summary.
    again = client.get(f"{parts.path}?{parts.query}")
    assert again.status_code == 200
    assert again.context["missing"] == []


def test_a_summary_with_steps_missing_links_to_them(client, loaded):
    response = get(client, SUMMARY, [("t", "botox"), ("stage", "close")])
    assert response.status_code == 200
    missing = [item["number"] for item in response.context["missing"]]
    assert missing == [2, 3, 4, 5, 6, 7]
    assert "Steps not answered yet" in response.text
    assert "not answered yet" in response.text


def test_a_summary_sent_without_next_steps_goes_back_to_step_seven(client, loaded):
    pairs = [pair for pair in FULL if pair[0] != "next"] + [("sent", "7")]
    response = get(client, SUMMARY, pairs)
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == step(7)
    assert "Choose at least one next step." in client.get(response["Location"]).text


def test_junk_in_the_address_is_escaped_and_ignored(client, loaded):
    response = client.get(f"{START}?sent=99&t=%3Cscript%3E&stage=%22%3E%3Cb%3E&x=1")
    assert response.status_code == 200
    assert "<script>" not in response.text and '"><b>' not in response.text
    assert client.get("/decide/8/").status_code == 404
    assert client.get("/decide/1/").status_code == 404


def test_the_comparison_and_the_treatments_list_link_to_the_guide(client, loaded):
    compare = client.get(f"{reverse('treatments:compare')}?t=botox&t=watchful-waiting").text
    assert 'href="/decide/?t=botox&amp;t=watchful-waiting"' in compare
    assert 'href="/decide/"' in client.get(reverse("treatments:list")).text


def test_the_summary_is_also_a_pdf_file(client, loaded):
    from io import BytesIO

    from pypdf import PdfReader

    html = get(client, SUMMARY, FULL).text
    pdf_url = unescape(re.search(r'href="(/decide/summary/pdf/\?[^"]+)"', html).group(1))
    response = client.get(pdf_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.cookies == {}
    pdf = PdfReader(BytesIO(response.content))
    assert 1 <= len(pdf.pages) <= 2
    first = " ".join(pdf.pages[0].extract_text().split())
    assert "My summary for my appointment" in first
    assert "Avoiding an operation" in first
    assert "All the steps" not in first  # the screen-only parts stay off paper

"""The decision guide's seven steps as forms bound to GET. Nothing is stored on the server.

Every answer travels in the address: each step's form carries the answers given on the other
steps as hidden fields, so a page of the guide can be bookmarked or sent, and going back or
forward never loses anything. `sent=<step>` marks the step whose form was just submitted; only
that step reports a missing answer (a step nobody has reached yet is simply "not answered").
Step 3 reuses the comparison's "what matters to you" form (treatments.forms.PrioritiesForm).
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Hidden, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from treatments.forms import PrioritiesForm

from .knowledge import FALSE, STATEMENTS, TRUE, UNSURE

STEPS = 7
# Only this many values of one name are carried from page to page, each cut to this length:
# a longer list or value is junk, not an answer.
MAX_VALUES_PER_NAME = 10
MAX_VALUE_LENGTH = 80

YES = "yes"
NO = "no"
NOT_SURE = "unsure"
YES_NO_UNSURE = [(YES, _("Yes")), (NO, _("No")), (NOT_SURE, _("I am not sure"))]

TITLES = {
    1: _("The decision"),
    2: _("What you know about the options"),
    3: _("What matters to you"),
    4: _("Which option you are leaning toward"),
    5: _("Support from the people around you"),
    6: _("How sure you feel: the SURE test"),
    7: _("Your next steps"),
}


def radio(label, choices, required_message, **kwargs):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required_message, "invalid_choice": required_message},
        **kwargs,
    )


def checkboxes(label, choices, required_message, **kwargs):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": required_message, "invalid_choice": required_message},
        **kwargs,
    )


class UnnamedSubmit(Submit):
    """A submit button with no name attribute (crispy writes name="", which is not valid HTML)."""

    template = "decisions/includes/unnamed_submit.html"


class DecisionForm(forms.Form):
    """Step 1: the options being considered, and how far along the choice is."""

    STAGES = [
        ("not-yet", _("I have not thought about the options yet")),
        ("thinking", _("I am thinking about the options")),
        ("close", _("I am close to choosing")),
        ("made", _("I have already made a choice")),
    ]

    def __init__(self, data=None, *, choices):
        super().__init__(data)
        self.fields["t"] = checkboxes(
            _("Which options are you considering?"),
            list(choices),
            _("Choose at least one option you are considering."),
            help_text=_("Choose every option you might choose. Not treating is an option too."),
        )
        self.fields["stage"] = radio(
            _("How far along are you with this choice?"), self.STAGES, _("Choose how far along you are.")
        )
        self.initial["t"] = [slug for slug, _name in choices]


class KnowledgeForm(forms.Form):
    """Step 2: true or false statements about the options."""

    CHOICES = [(TRUE, _("True")), (FALSE, _("False")), (UNSURE, _("I am not sure"))]

    def __init__(self, data=None):
        super().__init__(data)
        for statement in STATEMENTS:
            self.fields[statement.name] = radio(
                statement.text, self.CHOICES, _("Choose True, False or “I am not sure”.")
            )

    def feedback(self):
        """[(statement, the answer given, is it right, the right answer)] once the form is valid."""
        labels = dict(self.CHOICES)
        return [
            (
                statement,
                labels[self.cleaned_data[statement.name]],
                self.cleaned_data[statement.name] == statement.answer,
                labels[statement.answer],
            )
            for statement in STATEMENTS
        ]


class LeaningForm(forms.Form):
    """Step 4: the option the person leans toward, among those they consider, or not sure."""

    def __init__(self, data=None, *, choices):
        super().__init__(data)
        self.fields["lean"] = radio(
            _("Which option are you leaning toward now?"),
            [*choices, (NOT_SURE, _("I am not sure yet"))],
            _("Choose one option, or “I am not sure yet”."),
            help_text=_("This is not a final choice. You can change it at any time."),
        )


class SupportForm(forms.Form):
    """Step 5: support, pressure and the part the person wants to take in the choice."""

    ROLES = [
        ("myself", _("I want to decide myself, after hearing the views of others")),
        ("shared", _("I want to decide together with my doctor")),
        ("others", _("I want someone else to decide, after hearing my views")),
    ]

    support = radio(
        _("Do you have enough support and advice from others to make a choice?"),
        YES_NO_UNSURE,
        _("Choose Yes, No or “I am not sure”."),
    )
    pressure = radio(
        _("Does anyone push you toward one option more than you would like?"),
        YES_NO_UNSURE,
        _("Choose Yes, No or “I am not sure”."),
    )
    role = radio(_("How would you like to make this choice?"), ROLES, _("Choose how you would like to decide."))


class SureForm(forms.Form):
    """Step 6: the SURE test, four yes-or-no questions about certainty."""

    QUESTIONS = [
        ("s1", _("Sure of myself"), _("Do you feel sure about the best choice for you?")),
        ("s2", _("Understand information"), _("Do you know the benefits and risks of each option?")),
        ("s3", _("Risk-benefit ratio"), _("Are you clear about which benefits and risks matter most to you?")),
        ("s4", _("Encouragement"), _("Do you have enough support and advice to make a choice?")),
    ]
    CHOICES = [(YES, _("Yes")), (NO, _("No"))]

    def __init__(self, data=None):
        super().__init__(data)
        for name, letter_word, question in self.QUESTIONS:
            self.fields[name] = radio(question, self.CHOICES, _("Choose Yes or No."), help_text=letter_word)

    def answers(self):
        """[(name, short name, question, 'yes' | 'no')] once the form is valid."""
        return [(name, word, question, self.cleaned_data[name]) for name, word, question in self.QUESTIONS]

    def yes_count(self):
        return sum(answer == YES for *_text, answer in self.answers())

    def no_names(self):
        return [name for name, *_text, answer in self.answers() if answer != YES]


class NextStepsForm(forms.Form):
    """Step 7: what the person will do next."""

    CHOICES = [
        ("talk-doctor", _("Talk with my doctor about the options")),
        ("read-more", _("Read more about the options")),
        ("talk-others", _("Talk with family or friends")),
        ("second-opinion", _("Ask for a second opinion")),
        ("wait", _("Take more time before I decide")),
        ("go-ahead", _("Go ahead with the option I chose")),
    ]

    next = checkboxes(
        _("What will you do next?"),
        CHOICES,
        _("Choose at least one next step."),
        help_text=_("Choose all that apply."),
    )


class Guide:
    """All seven steps, bound to one query string (a QueryDict)."""

    def __init__(self, query, *, choices, priorities):
        self.query = query
        self.choices = list(choices)
        self.priorities = list(priorities)
        sent = query.get("sent", "")
        self.sent = int(sent) if sent.isdigit() and 1 <= int(sent) <= STEPS else None
        self._partial = {}
        self.forms = {1: DecisionForm(self._data(1, ["t", "stage"]), choices=self.choices)}
        names = dict(self.choices)
        considered = self.considered_slugs()
        self.forms[2] = KnowledgeForm(self._data(2, [statement.name for statement in STATEMENTS]))
        self.forms[3] = PrioritiesForm(query, priorities=self.priorities, selected=())
        self.forms[4] = LeaningForm(self._data(4, ["lean"]), choices=[(slug, names[slug]) for slug in considered])
        self.forms[5] = SupportForm(self._data(5, list(SupportForm.base_fields)))
        self.forms[6] = SureForm(self._data(6, [name for name, _word, _question in SureForm.QUESTIONS]))
        self.forms[7] = NextStepsForm(self._data(7, ["next"]))
        for step, values in self._partial.items():
            form = self.forms[step]
            form.initial.update(
                {
                    name: value if isinstance(form.fields[name], forms.MultipleChoiceField) else value[-1]
                    for name, value in values.items()
                }
            )
        for form in self.forms.values():
            # The server's own messages, which keep every answer, rather than the browser's pop-ups.
            form.use_required_attribute = False

    def _data(self, step, names):
        """The query if this step was just sent or the query answers all of it; else None.

        A step answered only in part (say, options chosen on the comparison page and passed on)
        is shown with those answers filled in, but not marked wrong before it is sent.
        """
        if self.sent == step or all(name in self.query for name in names):
            return self.query
        self._partial[step] = {name: self.query.getlist(name) for name in names if name in self.query}
        return None

    def form(self, step):
        return self.forms[step]

    def is_answered(self, step):
        form = self.forms[step]
        return form.is_bound and form.is_valid()

    def unanswered(self):
        return [step for step in range(1, STEPS + 1) if not self.is_answered(step)]

    def considered_slugs(self):
        """The options chosen on step 1, in the order given; every option until some are chosen."""
        if self.is_answered(1):
            return list(self.forms[1].cleaned_data["t"])
        known = {slug for slug, _name in self.choices}
        given = [slug for slug in dict.fromkeys(self.query.getlist("t")[:MAX_VALUES_PER_NAME]) if slug in known]
        return given or [slug for slug, _name in self.choices]

    def field_names(self, step):
        return list(self.forms[step].fields)

    def carried(self, *, exclude=None):
        """[(name, value)] of every answer in the query as given, valid or not, except step `exclude`'s."""
        pairs = []
        for step in range(1, STEPS + 1):
            if step == exclude:
                continue
            for name in self.field_names(step):
                pairs += [(name, value[:MAX_VALUE_LENGTH]) for value in self.query.getlist(name)[:MAX_VALUES_PER_NAME]]
        return pairs

    def answers(self):
        """[(name, value)] of the valid answers only, the shortest address that keeps them all."""
        pairs = []
        for step in range(1, STEPS + 1):
            if not self.is_answered(step):
                continue
            form = self.forms[step]
            if step == 3:
                # "Not important" is what a missing priority means; keep one so the form stays bound.
                marked = [(name, value) for name, value in form.cleaned_data.items() if value != PrioritiesForm.NOT]
                pairs += marked or [(next(iter(form.fields)), PrioritiesForm.NOT)]
                continue
            for name, value in form.cleaned_data.items():
                pairs += [(name, item) for item in value] if isinstance(value, list) else [(name, value)]
        return pairs

    def helper(self, step, *, action, submit_label):
        """A crispy helper that sends this step's fields, the other answers and `sent=<step>` by GET."""
        helper = FormHelper()
        helper.form_method = "get"
        helper.form_action = action
        helper.form_id = "step-form"
        helper.attrs = {"aria-labelledby": "step-heading"}
        fields = self.field_names(step)
        if step == 3:
            fields = [Fieldset(_("How much does each of these matter to you?"), *fields, css_class="matters-fieldset")]
        helper.layout = Layout(
            *(Hidden(name, value) for name, value in self.carried(exclude=step)),
            Hidden("sent", str(step)),
            *fields,
            # In the layout, not helper.inputs (which always uses crispy's template): a button
            # without a name stays out of the address.
            Div(UnnamedSubmit("", submit_label, css_id="step-submit"), css_class="mb-3"),
        )
        return helper

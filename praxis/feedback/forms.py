import re
from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.html import escape

from praxis.core.forms import PlainLabels, date_input
from praxis.core.frameworks import current_framework
from praxis.core.inputs import IsoDateField, NameField, validate_name
from praxis.core.limits import TEXT_MAX

from .models import Relationship
from .services import mailbox


class RoundForm(PlainLabels, forms.Form):
    title = forms.CharField(max_length=200, initial="Feedback on my implementation support")
    message = forms.CharField(
        label="Your message to the people you ask",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why you are asking and what you will do with it. It appears in the e-mail and the form.",
    )
    closes_on = IsoDateField(label="Closing date", widget=date_input())
    competencies = forms.MultipleChoiceField(
        label="Competencies to ask about", widget=forms.CheckboxSelectMultiple
    )
    include_relationship = forms.BooleanField(
        label="Include five questions about our working relationship (trust)", required=False, initial=True
    )

    def __init__(self, *args, chosen=(), **kwargs):
        """`chosen`: the competencies ticked to begin with (a plan's focuses); all of them if none."""
        super().__init__(*args, **kwargs)
        framework = current_framework()
        known = [c.id for c in framework.competencies]
        self.fields["competencies"].choices = [(c.id, c.name) for c in framework.competencies]
        self.fields["competencies"].initial = [c for c in known if c in set(chosen)] or known
        self.fields["closes_on"].initial = timezone.localdate() + timedelta(days=21)


class RaterForm(PlainLabels, forms.Form):
    email = forms.EmailField(label="Their e-mail address")
    name = NameField(label="Their name (optional)", required=False, max_length=200)
    relationship = forms.ChoiceField(label="How they know your work", choices=Relationship.choices)


# How people may name a group in a pasted list: the group's value or label, singular or plural.
GROUP_WORDS = {
    **{value: value for value in Relationship.values},
    **{f"{value}s": value for value in Relationship.values},
    **{label.lower(): value for value, label in Relationship.choices},
    "others": Relationship.OTHER,
    "colleague": Relationship.PEER,
    "colleagues": Relationship.PEER,
}
GROUP_NAMES = "supervisor, peer, stakeholder or other"
MAX_LIST_LINES = 200


@dataclass(frozen=True)
class Invitee:
    """One person from a pasted list, with the line they were on (counting from 1)."""

    line: int
    email: str
    name: str
    relationship: str


def _group(word: str) -> str | None:
    return GROUP_WORDS.get(" ".join(word.lower().split()))


def _quoted(line: str) -> str:
    return f"“{line if len(line) <= 60 else line[:57] + '…'}”"


def parse_rater_list(text: str) -> tuple[list[Invitee], list[str]]:
    """Read a pasted list of people to invite, line by line: the people, and a problem for each bad
    line, naming it. A line is "address, group" or "Name <address>, group"; a line holding only a
    group and a colon ("Peers:") gives its group to the lines under it that name none. Commas,
    semicolons and tabs all separate (lists come from spreadsheets and address books)."""
    people: list[Invitee] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    heading: str | None = None
    lines = text.splitlines()
    if len(lines) > MAX_LIST_LINES:
        return [], [f"Paste at most {MAX_LIST_LINES} lines at once."]
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            continue
        if line.endswith(":") and (group := _group(line[:-1])):
            heading = group
            continue
        parts = [part.strip() for part in re.split(r"[,;\t]", line) if part.strip()]
        where = f"Line {number} ({_quoted(line)})"
        if len(parts) > 2:
            problems.append(f"{where}: write one address and one group, separated by a comma.")
            continue
        who = parts[0]
        name, email = "", who
        if match := re.fullmatch(r"(.*?)\s*<([^<>]*)>", who):
            name, email = match.group(1).strip().strip("\"'"), match.group(2).strip()
        try:
            validate_email(email)
        except ValidationError:
            problems.append(f"{where}: “{email[:60]}” is not an e-mail address.")
            continue
        try:
            validate_name(name)
        except ValidationError as error:
            problems.append(f"{where}: {error.messages[0]}")
            continue
        if len(name) > 200:
            problems.append(f"{where}: keep the name under 200 characters.")
            continue
        if len(parts) == 2:
            relationship = _group(parts[1])
            if relationship is None:
                problems.append(f"{where}: “{parts[1][:40]}” is not a group; use {GROUP_NAMES}.")
                continue
        elif heading:
            relationship = heading
        else:
            problems.append(f"{where}: say how they know your work after a comma ({GROUP_NAMES}).")
            continue
        email = email.lower()
        key = mailbox(email)
        if key in seen:
            problems.append(f"{where}: {email} is already on line {seen[key]}.")
            continue
        seen[key] = number
        people.append(Invitee(number, email, name, relationship))
    if not people and not problems:
        problems.append("Paste at least one address, with the group they belong to.")
    return people, problems


class RaterListForm(PlainLabels, forms.Form):
    """Several people at once: nothing is added unless every line is right."""

    people = forms.CharField(
        label="Their addresses and groups, one person a line",
        max_length=TEXT_MAX * 4,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "autocapitalize": "off"}),
        # Django shows help text as HTML: the angle brackets of the example are escaped here.
        help_text=escape(
            "For example “sam@example.org, peer” or “Sam Jones <sam@example.org>, stakeholder”. "
            f"Groups: {GROUP_NAMES}. A line such as “Peers:” gives its group to the lines under it."
        ),
    )

    def clean_people(self) -> list[Invitee]:
        people, problems = parse_rater_list(self.cleaned_data["people"])
        if problems:
            raise ValidationError(problems)
        return people

"""Nothing derived from an unshared assessment reaches anyone but its owner (PRODUCT.md, privacy).

A random history of quick assessments by alice, each shared with nobody, with her supervisors or
with her organisation; a plan whose start scores came from whichever of them was latest when it
started, shared with her supervisors. Then every page carol (her supervisor), lena (the lead) and
bob (a colleague) can open is read, and:

- the change column, the "previous assessment" series of the chart and the date it compares with
  are those of the latest earlier assessment *this viewer may see*, never of a private one;
- the plan shows a start or completion score only when the assessment it came from is visible to
  the viewer ("not shared" otherwise);
- no figure that could only be computed with a private assessment (its scores and domain averages,
  or a difference between one of its scores and any other) appears anywhere in the page's text,
  formatted as the pages format numbers.
"""

from __future__ import annotations

import re
from itertools import combinations

import pytest
from django.db import transaction
from django.template.defaultfilters import floatformat
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from praxis.accounts.models import ShareAudience
from praxis.accounts.services import share_set
from praxis.assessments import services
from praxis.assessments.templatetags.assessment_tags import signed
from praxis.development import services as plans
from praxis.framework import bundled_framework

pytestmark = pytest.mark.django_db

FRAMEWORK = bundled_framework()
COMPETENCIES = [c.id for c in FRAMEWORK.competencies]
NONE, SUPERVISORS, ORGANISATION = "none", ShareAudience.SUPERVISORS, ShareAudience.ORGANISATION

answers_strategy = st.dictionaries(
    st.sampled_from(COMPETENCIES), st.sampled_from(["1", "2", "3", "4", "5", "na"]), min_size=3
)
history_strategy = st.lists(
    st.tuples(answers_strategy, st.sampled_from([NONE, SUPERVISORS, ORGANISATION])), min_size=2, max_size=4
)


def _scores(answers: dict[str, str]) -> dict[str, float]:
    """Quick assessments: one item per competency, so a score is the answer's level."""
    return {cid: float(raw) for cid, raw in answers.items() if raw != "na"}


def _domain_averages(scores: dict[str, float]) -> list[float]:
    averages = []
    for domain in FRAMEWORK.domains:
        present = [scores[c.id] for c in domain.competencies if c.id in scores]
        if present:
            averages.append(sum(present) / len(present))
    return averages


def _visible_to(viewer: str, audience: str) -> bool:
    return {"carol": audience in (SUPERVISORS, ORGANISATION), "lena": audience == ORGANISATION}.get(
        viewer, False
    )


def _text(html: str) -> str:
    """What a reader (or a screen reader) gets: tags removed, titles of chart points kept."""
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def _forbidden(history, visible: list[bool]) -> tuple[set[str], set[str]]:
    """(plain, signed) figures computable only with an assessment the viewer may not see."""
    per = [_scores(answers) for answers, _ in history]

    def figures(indices):
        plain = {floatformat(s, 1) for i in indices for s in per[i].values()}
        plain |= {floatformat(a, 1) for i in indices for a in _domain_averages(per[i])}
        differences = set()
        for i, j in combinations(indices, 2):
            for cid in per[i].keys() & per[j].keys():
                differences |= {signed(per[i][cid] - per[j][cid]), signed(per[j][cid] - per[i][cid])}
        return plain, differences

    seen_plain, seen_signed = figures([i for i, v in enumerate(visible) if v])
    all_plain, all_signed = figures(range(len(history)))
    return all_plain - seen_plain, all_signed - seen_signed - {"no change", "—"}


def _assert_no_forbidden_figure(html: str, forbidden: tuple[set[str], set[str]], where: str) -> None:
    text = _text(html)
    plain = set(re.findall(r"(?<![\d.+−-])\d+\.\d(?!\d)", text))
    signed_ = set(re.findall(r"[+−]\d+\.\d(?!\d)", text))
    assert not plain & forbidden[0], (
        f"{where} shows {plain & forbidden[0]}, known only from a private assessment"
    )
    assert not signed_ & forbidden[1], (
        f"{where} shows {signed_ & forbidden[1]}, a change against a private assessment"
    )


def _check_results_page(html: str, index: int, history, visible: list[bool], where: str) -> None:
    earlier = [i for i in range(index) if visible[i]]
    previous = _scores(history[earlier[-1]][0]) if earlier else None
    now = _scores(history[index][0])
    shown = re.findall(r'data-label="Change">([^<]*)<', html)
    expected = [
        signed(now[cid] - previous[cid]) if previous and cid in now and cid in previous else "—"
        for cid in COMPETENCIES
    ]
    assert shown == expected, f"{where}: the change column compares with an assessment not shared"
    assert ("Previous assessment" in html) == bool(earlier), where
    assert ("Changes compare with" in html) == bool(earlier), where


@settings(
    max_examples=4,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking pages through a database is slow
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    history=history_strategy,
    start_after=st.integers(min_value=1, max_value=4),
    focuses=st.lists(st.sampled_from(COMPETENCIES), min_size=1, max_size=3, unique=True),
    complete=st.booleans(),
)
def test_no_one_but_the_owner_sees_a_figure_from_an_unshared_assessment(
    client, alice, bob, carol, lena, northside, history, start_after, focuses, complete
):
    with transaction.atomic():
        _run(
            client,
            alice,
            bob,
            carol,
            lena,
            northside,
            history,
            min(start_after, len(history)),
            focuses,
            complete,
        )
        transaction.set_rollback(True)


def _run(client, alice, bob, carol, lena, northside, history, start_after, focuses, complete):
    assessments = []
    plan = plans.create_plan(owner=alice)
    for cid in focuses:
        plans.add_focus(plan=plan, competency_id=cid)
    share_set(owner=plan.owner, obj=plan, organisation=northside, audience=ShareAudience.SUPERVISORS)

    def latest_with_score(cid, upto):
        return next((i for i in reversed(range(upto)) if cid in _scores(history[i][0])), None)

    for number, (answers, audience) in enumerate(history, start=1):
        assessment = services.start_assessment(owner=alice, kind="quick")
        services.save_changed_answers(assessment=assessment, posted=answers, initial={})
        assessment = services.submit(assessment=assessment)
        if audience != NONE:
            share_set(owner=assessment.owner, obj=assessment, organisation=northside, audience=audience)
        assessments.append(assessment)
        if number == start_after:
            plans.activate(plan=plan)
    start_from = {cid: latest_with_score(cid, start_after) for cid in focuses}
    completion_from = {cid: latest_with_score(cid, len(history)) for cid in focuses}
    if complete:
        plans.complete(plan=plan)

    for name, viewer in (("carol", carol), ("lena", lena), ("bob", bob)):
        visible = [_visible_to(name, audience) for _, audience in history]
        forbidden = _forbidden(history, visible)
        client.force_login(viewer)
        pages = {
            "dashboard": reverse("shell:dashboard"),
            "quick history": reverse("assessments:history", args=["quick"]),
            "plans": reverse("development:index"),
            "organisation": reverse("accounts:organisation", args=[northside.slug]),
            "feedback": reverse("feedback:index"),
        }
        for where, url in pages.items():
            response = client.get(url)
            assert response.status_code == 200, f"{name}: {where}"
            _assert_no_forbidden_figure(response.content.decode(), forbidden, f"{name}: {where}")

        for index, assessment in enumerate(assessments):
            response = client.get(reverse("assessments:results", args=[assessment.pk]))
            where = f"{name}: results of assessment {index + 1}"
            assert response.status_code == (200 if visible[index] else 404), where
            if visible[index]:
                html = response.content.decode()
                _check_results_page(html, index, history, visible, where)
                _assert_no_forbidden_figure(html, forbidden, where)

        response = client.get(plan.get_absolute_url())
        if name != "carol":  # plans are shared with supervisors only
            assert response.status_code == 404
            continue
        html = response.content.decode()
        _assert_no_forbidden_figure(html, forbidden, f"{name}: plan")
        for focus in plan.focuses.all():
            section = html.split(f'id="focus-{focus.pk}"', 1)[1].split("<h3>", 1)[0]
            for label, source in (
                ("Score at start", start_from[focus.competency_id]),
                ("At completion", completion_from[focus.competency_id] if complete else None),
            ):
                if source is None:
                    assert label not in section or "not shared" in section, f"{name}: plan {label}"
                    continue
                score = _scores(history[source][0])[focus.competency_id]
                if visible[source]:
                    assert f"{label}: {floatformat(score, 1)}" in section, f"{name}: plan {label}"
                else:
                    assert f"{label}: not shared" in section, (
                        f"{name}: plan {label} from a private assessment"
                    )

"""The stored per-competency figures (summary.py) are derived data: after every kind of journal
write they equal a recompute from the entries, the rebuild command writes the same rows, and the
pages read from them show what a recompute over any range of dates would."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Q

from praxis.journal import selectors, services, summary
from praxis.journal.models import CompetencyMonth

pytestmark = pytest.mark.django_db

TAGS = ["co-design", "co-design.plan-implementation-together", "brokering", "facilitation", "be-curious"]


def entry(owner, day, kind="support", tags=(), minutes=60, hours="1.5"):
    fields = {"occurred_on": day, "title": f"{kind} on {day}"}
    if kind == "support":
        fields.update(duration_minutes=minutes, mode="onsite", site="A")
    if kind == "learning":
        fields.update(learning_type="course", hours=Decimal(hours))
    return services.create_entry(owner=owner, kind=kind, fields=fields, tags=list(tags))


def test_every_kind_of_write_keeps_the_stored_figures_equal_to_a_recompute(alice, bob):
    rng = random.Random(10)
    made = []
    for n in range(30):
        owner = alice if n % 3 else bob
        kind = rng.choice(["support", "learning", "reflection"])
        day = date(2026, 1, 1) + timedelta(days=rng.randint(0, 200))
        made.append(entry(owner, day, kind, rng.sample(TAGS, rng.randint(0, 3)), minutes=rng.randint(5, 300)))
    assert summary.differences() == []
    for e in made[:10]:  # move to another month, change the time and the tags
        services.update_entry(
            entry=e,
            fields={"occurred_on": e.occurred_on + timedelta(days=45), "title": "Moved"},
            tags=rng.sample(TAGS, 2),
        )
    for e in made[10:15]:
        services.add_tag(entry=e, item_id="co-learning")
        services.remove_tag(entry=e, item_id="brokering")
    for e in made[15:20]:
        services.delete_entry(entry=e)
    assert summary.differences() == []
    assert CompetencyMonth.objects.filter(owner=alice).exists()


def test_the_rebuild_command_writes_the_same_rows_and_check_finds_a_tampered_one(alice):
    entry(alice, date(2026, 3, 4), tags=["co-design"])
    entry(alice, date(2026, 4, 4), "learning", tags=["co-design", "brokering"])
    kept = sorted(CompetencyMonth.objects.values_list("competency_id", "month", "entries", "support_minutes"))
    CompetencyMonth.objects.all().delete()
    call_command("journal_summary", "rebuild")
    assert (
        sorted(CompetencyMonth.objects.values_list("competency_id", "month", "entries", "support_minutes"))
        == kept
    )
    call_command("journal_summary", "check")
    CompetencyMonth.objects.filter(competency_id="co-design", month=date(2026, 3, 1)).update(
        support_minutes=1
    )
    with pytest.raises(CommandError, match="differs from a recompute in 1 row"):
        call_command("journal_summary", "check")


@pytest.mark.parametrize(
    "date_from,date_to",
    [
        (None, None),
        (date(2026, 2, 1), date(2026, 4, 30)),  # whole months: stored rows only
        (date(2026, 2, 14), date(2026, 5, 3)),  # partial months at both ends
        (date(2026, 3, 10), date(2026, 3, 20)),  # inside one month
        (date(2026, 3, 10), date(2026, 4, 5)),  # two partial months
        (date(2026, 3, 10), None),
        (None, date(2026, 3, 10)),
        (date(2026, 3, 1), date(2026, 3, 31)),
        (date(2026, 5, 1), date(2026, 2, 1)),  # the wrong way round: nothing
    ],
)
def test_figures_for_any_dates_equal_a_recompute_over_those_dates(alice, date_from, date_to):
    for n in range(40):
        day = date(2026, 1, 1) + timedelta(days=n * 4)
        entry(alice, day, ("support", "learning")[n % 2], [TAGS[n % 4], TAGS[(n + 1) % 5]], minutes=n + 10)
    where = None
    if date_from or date_to:
        where = {}
        if date_from:
            where["entry__occurred_on__gte"] = date_from
        if date_to:
            where["entry__occurred_on__lte"] = date_to
        where = Q(**where)
    expected: dict[str, tuple] = {}
    for (_, competency_id, _), cell in summary.compute([alice.pk], where).items():
        e, latest, minutes, hours = expected.get(competency_id, (0, None, 0, Decimal(0)))
        expected[competency_id] = (
            e + cell.entries,
            max(d for d in (latest, cell.latest) if d),
            minutes + cell.support_minutes,
            hours + cell.learning_hours,
        )
    found = {
        cid: (c.entries, c.latest, c.support_minutes, c.learning_hours)
        for cid, c in summary.totals(alice.pk, date_from, date_to).items()
    }
    assert found == expected
    page = {
        r.competency.id: (r.minutes, r.hours)
        for r in selectors.practice_summary(alice, date_from, date_to).by_competency
    }
    assert page == {cid: (v[2], v[3]) for cid, v in expected.items() if v[2] or v[3]}


def test_deleting_an_account_deletes_its_stored_figures(alice):
    entry(alice, date(2026, 3, 4), tags=["co-design"])
    alice.delete()
    assert not CompetencyMonth.objects.exists()

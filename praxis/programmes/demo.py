"""A demo programme for `praxis demo`: a certificate of three two-day courses and a portfolio,
mapped with a few gaps left in on purpose so the coverage page has something to show."""

from __future__ import annotations

from decimal import Decimal

from praxis.accounts.models import Organisation, User
from praxis.core.frameworks import current_framework

from . import services
from .models import Programme, StaffRole

NAME = "Certificate in implementation practice"
MODULES = [
    ("Foundations of implementation support", Decimal(14), "Principles, roles and the competencies."),
    ("Co-creating change", Decimal(14), "Working with stakeholders, power and co-design."),
    ("Improving and sustaining", Decimal(14), "Improvement cycles, capacity and leadership."),
    ("Reflective portfolio", Decimal(10), "Evidence of practice, reviewed with a tutor."),
]
# (module index, competency id, level: 0 introduced, 1 reinforced, 2 mastered, assessed here)
MAPPING = [
    (0, "co-learning", 0, False),
    (0, "brokering", 0, False),
    (0, "understanding-context", 0, False),
    (0, "communication", 0, False),
    (0, "assessing-needs-and-assets", 0, False),
    (1, "co-learning", 1, False),
    (1, "co-design", 0, False),
    (1, "addressing-power-differentials", 1, False),  # reinforced, never introduced first
    (1, "tailoring-support", 0, False),
    (1, "facilitation", 0, False),
    (1, "brokering", 0, False),  # brokering: introduced twice, never beyond
    (2, "conducting-improvement-cycles", 0, False),
    (2, "applying-frameworks-and-strategies", 1, False),
    (2, "building-capacity", 0, False),
    (2, "cultivating-leaders-and-champions", 0, False),
    (2, "co-design", 1, False),
    (2, "facilitation", 2, True),
    (3, "co-learning", 2, True),
    (3, "co-design", 2, True),
    (3, "understanding-context", 2, True),
    (3, "communication", 1, True),
    (3, "addressing-power-differentials", 2, True),
]


def demo_programme(*, organisation: Organisation, lead: User, tutor: User) -> Programme:
    """Create the demo programme (once): `lead` leads it, `tutor` tutors on it."""
    existing = Programme.objects.filter(organisation=organisation, name=NAME).first()
    if existing:
        return existing
    programme = services.programme_create(
        by=lead,
        organisation=organisation,
        name=NAME,
        description="Three two-day courses and a reflective portfolio, for practitioners new to "
        "implementation support.",
        levels=["Introduced", "Reinforced", "Mastered"],
    )
    modules = [
        services.module_add(by=lead, programme=programme, name=name, order=n, hours=hours, description=text)
        for n, (name, hours, text) in enumerate(MODULES, start=1)
    ]
    framework = current_framework()
    rows = [
        (modules[index], services.MappingEntry(competency_id, level, assessed))
        for index, competency_id, level, assessed in MAPPING
    ]
    services.programme_mapping_replace(by=lead, programme=programme, rows=rows, framework=framework)
    services.staff_add(by=lead, programme=programme, email=tutor.email, role=StaffRole.TUTOR)
    return programme

"""The bundled ISP framework is complete and keeps the guide's names exactly."""

from praxis.framework import bundled_framework

PRINCIPLES = [
    "Be empathetic",
    "Be curious",
    "Be committed",
    "Advance equity",
    "Use critical thinking",
    "Embrace cross-disciplinary approaches",
]
DOMAINS = {
    "Co-creation and engagement": [
        ("Co-learning", 7),
        ("Brokering", 7),
        ("Addressing power differentials", 6),
        ("Co-design", 6),
        ("Tailoring support", 7),
    ],
    "Ongoing improvement": [
        ("Assessing needs and assets", 6),
        ("Understanding context", 6),
        ("Applying and integrating implementation frameworks, strategies and approaches", 6),
        ("Facilitation", 10),
        ("Communication", 6),
        ("Conducting improvement cycles", 9),
    ],
    "Sustaining change": [
        ("Growing and sustaining relationships", 11),
        ("Developing teams", 10),
        ("Building capacity", 8),
        ("Cultivating leaders and champions", 10),
    ],
}


def test_six_principles_with_exact_names_in_guide_order():
    assert [p.name for p in bundled_framework().principles] == PRINCIPLES


def test_three_domains_fifteen_competencies_and_their_key_activities():
    framework = bundled_framework()
    actual = {d.name: [(c.name, len(c.key_activities)) for c in d.competencies] for d in framework.domains}
    assert actual == DOMAINS
    assert len(framework.competencies) == 15
    assert sum(len(c.key_activities) for c in framework.competencies) == 115


def test_nested_sub_points_stay_children_of_their_key_activity():
    communication = bundled_framework().competency("communication")
    with_children = [a for a in communication.key_activities if a.children]
    assert len(with_children) == 1
    assert len(with_children[0].children) == 2  # vertical and horizontal feedback loops


def test_every_competency_has_overview_hint_prompts_and_principles():
    framework = bundled_framework()
    for competency in framework.competencies:
        assert competency.overview, competency.id
        assert competency.hint, competency.id
        assert competency.summary, competency.id
        assert len(competency.prompts) >= 2, competency.id
        assert 1 <= len(competency.principles) <= 3, competency.id
        assert competency.source.startswith(framework.domain_of(competency).name), competency.id


def test_structured_sub_lists_are_present():
    framework = bundled_framework()
    sublists = {s.id: s for c in framework.competencies for s in c.sublists}
    expected = {
        "growing-relationships.kinds-of-trust": ["Intrapersonal trust", "Interpersonal trust"],
        "growing-relationships.kinds-of-relationship": None,
        "building-capacity.kinds-of-capacity": [
            "Intervention/approach-specific capacity",
            "General capacity",
            "Analytic capacity",
            "Adaptive capacity",
        ],
        "developing-teams.core-functions": None,
        "understanding-context.contextual-fit-factors": None,
        "facilitation.meeting-goals": None,
        "communication.protocol-purposes": None,
        "facilitation.challenge-types": ["Technical challenges", "Adaptive challenges"],
    }
    for sublist_id, names in expected.items():
        assert sublist_id in sublists, sublist_id
        if names:
            assert [i.name for i in sublists[sublist_id].items] == names
    assert len(sublists["developing-teams.core-functions"].items) == 6
    assert len(sublists["facilitation.meeting-goals"].items) == 5
    assert len(sublists["communication.protocol-purposes"].items) == 5
    assert len(sublists["understanding-context.contextual-fit-factors"].items) == 3


def test_context_dilemmas_questions_roles_and_resources():
    framework = bundled_framework()
    assert [c.name for c in framework.context_levels] == [
        "Macro context",
        "Organisational context",
        "Local context",
    ]
    assert len(framework.dilemmas) == 4
    assert [q.number for q in framework.reflective_questions] == list(range(1, 11))
    question_7 = framework.reflective_questions[6]
    assert len(question_7.sub_questions) == 3
    assert "implementation specialist" in framework.role_titles
    assert len(framework.resources) >= 20
    assert all(r.url.startswith(("https://", "http://")) and " " not in r.url for r in framework.resources)


def test_scale_declares_levels_proficiency_and_a_non_numeric_not_applicable():
    scale = bundled_framework().scale
    assert [level.label for level in scale.levels] == [
        "Not yet",
        "Emerging",
        "Developing",
        "Proficient",
        "Advanced",
    ]
    assert [level.value for level in scale.levels] == [1, 2, 3, 4, 5]
    assert [level.label for level in scale.proficient_levels] == ["Proficient", "Advanced"]
    assert scale.not_applicable.label == "Not applicable to my role"
    assert not hasattr(scale.not_applicable, "value")


def test_every_item_cites_the_guide():
    framework = bundled_framework()
    for item in framework.items():
        if hasattr(item, "source"):
            assert item.source.strip(), item.id

"""The codebook's per-competency columns: a score for each competency, a note only with free text."""

from praxis.framework import bundled_framework
from praxis.research import codebook

FRAMEWORK = bundled_framework()


def test_each_competency_has_a_score_column_and_a_note_column_only_with_free_text():
    with_notes = codebook.columns(FRAMEWORK, [], free_text=True)
    without = codebook.columns(FRAMEWORK, [], free_text=False)
    ids = [c.id for c in FRAMEWORK.competencies]
    scores = [c for c in with_notes if c.role == "score"]
    notes = [c for c in with_notes if c.role == "note"]
    assert [c.source_id for c in scores] == ids == [c.source_id for c in notes]
    assert [c for c in without if c.role == "note"] == [] and [
        c for c in without if c.role == "score"
    ] == scores
    co_learning = FRAMEWORK.competency("co-learning")
    score, note = scores[ids.index("co-learning")], notes[ids.index("co-learning")]
    assert score.name == codebook.variable_name("co-learning", "score_")
    assert score.title == f"{co_learning.name}: score"
    assert score.description.startswith("Score of 'co-learning': the mean of its rated items")
    assert note.name == codebook.variable_name("co-learning", "note_")
    assert note.description.startswith("What the person wrote against 'co-learning', as written.")

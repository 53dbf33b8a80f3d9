"""The flagship course's data files: complete, cited, in our own words, and accurate on the
points the source article gets wrong."""

import re
from pathlib import Path

import pytest

from courses.demo.content import load_course
from tests.own_words import article_prose, shingle_hash, shingles, stored_hashes

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed"
COURSE = load_course()
REFERENCES = {reference.key: reference.fields for reference in COURSE.references}
LESSONS = COURSE.lessons
SEED_HASHES = stored_hashes()


def words_of(value) -> list[str]:
    """Every word of teaching text in a block value (markup and ids left out)."""
    if isinstance(value, dict):
        return [w for key, v in value.items() if key not in {"id", "type"} for w in words_of(v)]
    if isinstance(value, list):
        return [word for item in value for word in words_of(item)]
    if isinstance(value, str):
        return re.sub(r"<[^>]+>", " ", value).split()
    return []


TEXT_BLOCKS = {"text", "heading", "callout", "key_points", "reflection", "case_vignette", "quote"}


def lesson_words(lesson) -> list[str]:
    return [
        w for block in lesson.body if block["type"] in TEXT_BLOCKS for w in words_of(block["value"])
    ]


def test_at_least_six_modules_of_two_to_four_lessons():
    assert len(COURSE.modules) >= 6
    for module in COURSE.modules:
        assert 2 <= len(module.lessons) <= 4, module.slug
        assert module.fields["learning_objectives"], module.slug


@pytest.mark.parametrize(
    "topic",
    [
        r"preparation.*dosing.*integration",
        r"mechanism",
        r"exposure",
        r"acceptance.*mindfulness",
        r"safety.*adverse",
        r"evidence.*ethic",
    ],
)
def test_each_required_topic_has_a_module(topic):
    titles = [module.fields["title"].lower() for module in COURSE.modules]
    assert any(re.search(topic, title) for title in titles), titles


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_every_lesson_teaches_at_least_300_words_and_cites_its_sources(lesson):
    assert len(lesson_words(lesson)) >= 300
    assert any(block["type"] == "citation" for block in lesson.body)
    assert any(block["type"] == "heading" for block in lesson.body)


def test_the_lessons_use_every_teaching_block():
    used = {block["type"] for lesson in LESSONS for block in lesson.body}
    assert used >= TEXT_BLOCKS | {"citation", "figure"}


def test_safety_module_covers_the_adverse_effects_the_literature_names():
    safety = next(m for m in COURSE.modules if "safety" in m.fields["title"].lower())
    text = " ".join(w for lesson in safety.lessons for w in lesson_words(lesson)).lower()
    for term in ("screening", "heart rate", "blood pressure", "nausea", "distress", "serious"):
        assert term in text, term


def test_the_article_errors_are_corrected_in_the_references():
    mithoefer = REFERENCES["mithoefer2013"]
    assert (mithoefer["year"], mithoefer["volume"], mithoefer["issue"]) == (2013, "27", "1")
    assert mithoefer["pages"] == "28–39"
    assert "post-traumatic stress disorder" in mithoefer["title"]
    assert REFERENCES["davis2021"]["year"] == 2021
    assert REFERENCES["jerome2020"]["status"] == "retracted"


def test_mithoefer_is_taught_as_ptsd_research_not_anxiety():
    for lesson in LESSONS:
        for i, block in enumerate(lesson.body):
            if block["type"] == "citation" and block["value"]["reference"] == "mithoefer2013":
                nearby = " ".join(
                    " ".join(words_of(b["value"])) for b in lesson.body[max(0, i - 3) : i]
                )
                assert "PTSD" in nearby, lesson.slug


def test_retracted_sources_are_never_cited_as_support():
    for lesson in LESSONS:
        for block in lesson.body:
            if block["type"] == "citation" and block["value"]["reference"] == "jerome2020":
                assert "retract" in block["value"]["locator"].lower(), lesson.slug


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_no_sentence_is_copied_from_the_source_article(lesson):
    copied = [s for s in shingles(" ".join(lesson_words(lesson))) if shingle_hash(s) in SEED_HASHES]
    assert not copied, [" ".join(s) for s in copied[:3]]


@pytest.mark.skipif(not SEED.exists(), reason="the seed article is not beside the checkout")
def test_the_stored_shingles_are_the_articles():
    assert {shingle_hash(s) for s in shingles(article_prose(SEED.glob("*.txt")))} == SEED_HASHES


QUIZZES = [*COURSE.quizzes.values(), COURSE.final_test]


def quiz_questions(quiz):
    """Every scored question of a quiz spec (case vignettes' questions flattened)."""
    for block in quiz.fields["questions"]:
        if block["type"] == "case_vignette":
            yield from (("single_choice", item["value"]) for item in block["value"]["questions"])
        else:
            yield block["type"], block["value"]


def test_every_module_has_a_quiz_of_five_to_eight_questions_of_mixed_types():
    assert set(COURSE.quizzes) == {module.slug for module in COURSE.modules}
    for quiz in COURSE.quizzes.values():
        assert 5 <= len(list(quiz_questions(quiz))) <= 8, quiz.slug
        assert len({block["type"] for block in quiz.fields["questions"]}) >= 3, quiz.slug
        assert quiz.fields["pass_mark"] == 75 and quiz.fields["max_attempts"] == 3


def test_the_final_post_test_has_at_least_twenty_questions_of_every_type():
    final = COURSE.final_test
    assert len(list(quiz_questions(final))) >= 20
    types = {block["type"] for block in final.fields["questions"]}
    assert types == {
        "single_choice",
        "multiple_response",
        "true_false",
        "ordering",
        "case_vignette",
    }


@pytest.mark.parametrize("quiz", QUIZZES, ids=lambda quiz: quiz.slug)
def test_questions_explain_themselves_and_never_rest_on_a_retracted_source(quiz):
    for kind, question in quiz_questions(quiz):
        assert len(question["explanation"].split()) >= 12, question["prompt"]
        cited = [item["value"] for item in question["citations"]]
        assert all(REFERENCES[key]["status"] != "retracted" for key in cited), question["prompt"]
        if kind == "single_choice":
            assert sum(c["value"]["correct"] for c in question["choices"]) == 1

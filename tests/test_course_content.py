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


def test_the_course_has_seven_modules_and_twenty_two_lessons():
    assert [module.slug for module in COURSE.modules] == [
        "therapeutic-model",
        "mechanisms-of-action",
        "exposure-therapy",
        "acceptance-and-mindfulness",
        "safety-and-adverse-effects",
        "evidence-limits-and-ethics",
        "law-scope-and-ethics",
    ]
    assert [len(module.lessons) for module in COURSE.modules] == [4, 3, 2, 2, 4, 3, 4]


def test_lesson_tags_are_competencies_and_cover_every_competency():
    # COMPETENCIES (LITERATURE.md's list) is defined with the quiz tests below.
    for lesson in LESSONS:
        assert lesson.tags and set(lesson.tags) <= COMPETENCIES, (lesson.slug, lesson.tags)
    assert {tag for lesson in LESSONS for tag in lesson.tags} == COMPETENCIES


def test_lessons_stay_short_and_module_minutes_add_up():
    for module in COURSE.modules:
        minutes = [lesson.fields["estimated_minutes"] for lesson in module.lessons]
        assert max(minutes) <= 30, module.slug
        assert module.fields["estimated_minutes"] == sum(minutes), module.slug


@pytest.mark.parametrize(
    "topic",
    [
        r"preparation.*dosing.*integration",
        r"mechanism",
        r"exposure",
        r"acceptance.*mindfulness",
        r"safety.*adverse",
        r"evidence",
        r"law.*scope.*ethic",
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


# A figure, dose, sample size, p value or dated event: a research or regulatory claim.
RESEARCH_CLAIM = re.compile(
    r"\d\s?(%|percent|mg|µg|micrograms|mmHg)"
    r"|\b[pdn] = "
    r"|\b\d+ (people|adults|participants|reports|healthy)\b"
    r"|\b(19|20)\d\d\b"
)


def test_research_claims_in_lessons_are_cited_within_their_section():
    for lesson in LESSONS:
        for i, block in enumerate(lesson.body):
            if block["type"] not in {"text", "callout"}:
                continue
            text = " ".join(words_of(block["value"]))
            if not RESEARCH_CLAIM.search(text):
                continue
            section = []
            for later in lesson.body[i + 1 :]:
                if later["type"] == "heading":
                    break
                section.append(later["type"])
            assert "citation" in section, (lesson.slug, text[:100])


def test_every_lesson_citation_resolves_to_a_reference():
    for lesson in LESSONS:
        for block in lesson.body:
            if block["type"] == "citation":
                assert block["value"]["reference"] in REFERENCES, lesson.slug


@pytest.mark.parametrize(
    "module_slug, keys",
    [
        ("therapeutic-model", {"johnson2008", "mm120-2025"}),
        ("safety-and-adverse-effects", {"johnson2008", "nayak2021", "goodwin2022", "holze2023"}),
        ("evidence-limits-and-ethics", {"gasser2014", "holze2023", "mm120-2025", "griffiths2016"}),
        (
            "law-scope-and-ethics",
            {"us-schedule-i", "fda-adcomm2024", "fda2024", "oregon-psilocybin-rules"}
            | {"colorado-nmha", "tga2023", "jerome2020"},
        ),
    ],
)
def test_modules_teach_the_evidence_the_clinical_review_asked_for(module_slug, keys):
    module = next(m for m in COURSE.modules if m.slug == module_slug)
    cited = {
        block["value"]["reference"]
        for lesson in module.lessons
        for block in lesson.body
        if block["type"] == "citation"
    }
    assert keys <= cited, keys - cited


OUTDATED = [
    "mainly three small",
    "may raise caution",
    "level of caution",
    "compared a high psilocybin dose with a very low",
    "compared a high psilocybin dose (22",
    "in one trial, mystical-type experience mediated",
]


def test_the_corrected_claims_do_not_come_back():
    for lesson in LESSONS:
        text = " ".join(lesson_words(lesson)).lower()
        for phrase in OUTDATED:
            assert phrase not in text, (lesson.slug, phrase)
    therapeutic = next(m for m in COURSE.modules if m.slug == "therapeutic-model")
    text = " ".join(w for lesson in therapeutic.lessons for w in lesson_words(lesson)).lower()
    assert "set and setting" in text


def test_retracted_sources_are_never_cited_as_support():
    for lesson in LESSONS:
        for block in lesson.body:
            if block["type"] == "citation":
                reference = REFERENCES[block["value"]["reference"]]
                if reference["status"] == "retracted":
                    assert "retraction" in block["value"]["locator"].lower(), lesson.slug


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_no_sentence_is_copied_from_the_source_article(lesson):
    copied = [s for s in shingles(" ".join(lesson_words(lesson))) if shingle_hash(s) in SEED_HASHES]
    assert not copied, [" ".join(s) for s in copied[:3]]


@pytest.mark.skipif(not SEED.exists(), reason="the seed article is not beside the checkout")
def test_the_stored_shingles_are_the_articles():
    assert {shingle_hash(s) for s in shingles(article_prose(SEED.glob("*.txt")))} == SEED_HASHES


QUIZZES = [*COURSE.quizzes.values(), COURSE.final_test]
COMPETENCIES = {
    "pharmacology",
    "neurobiology",
    "screening",
    "adverse-events",
    "preparation",
    "facilitation",
    "integration",
    "exposure",
    "acceptance-mindfulness",
    "ethics",
    "equity",
    "research-literacy",
    "legal-regulatory",
}
# Words that make a question a research item, which must then cite its sources.
RESEARCH_ITEM = re.compile(
    r"\b((19|20)\d\d|trials?|study|studies|meta-analys[ie]s|et al|participants"
    r"|randomi[sz]ed|placebos?)\b",
    re.IGNORECASE,
)


def quiz_questions(quiz):
    """Every scored question of a quiz spec (case vignettes' questions flattened)."""
    for kind, question, _scenario in quiz_questions_in_context(quiz):
        yield kind, question


def quiz_questions_in_context(quiz):
    """As quiz_questions, with the scenario a case vignette's questions are read against."""
    for block in quiz.fields["questions"]:
        if block["type"] == "case_vignette":
            scenario = block["value"]["scenario"]
            for item in block["value"]["questions"]:
                yield "single_choice", item["value"], scenario
        else:
            yield block["type"], block["value"], ""


def values(items) -> list:
    return [item["value"] for item in items]


def test_every_module_has_a_quiz_of_eight_questions_of_mixed_types():
    assert set(COURSE.quizzes) == {module.slug for module in COURSE.modules}
    for quiz in COURSE.quizzes.values():
        assert len(list(quiz_questions(quiz))) == 8, quiz.slug
        assert len({block["type"] for block in quiz.fields["questions"]}) >= 3, quiz.slug
        assert quiz.fields["pass_mark"] == 75 and quiz.fields["max_attempts"] == 3
        assert quiz.fields["attempt_counts"] == "highest", quiz.slug
        # Keys are shown once the quiz is passed (or its attempts are used up), not before.
        assert quiz.fields["result_detail"] == "full", quiz.slug
        assert quiz.fields["answers_after_pass_only"], quiz.slug


def test_the_final_post_test_has_forty_questions_of_every_summative_type():
    final = COURSE.final_test
    assert len(list(quiz_questions(final))) >= 40
    types = {block["type"] for block in final.fields["questions"]}
    assert types == {"single_choice", "multiple_response", "ordering", "case_vignette"}


def test_no_quiz_uses_true_false_questions():
    for quiz in QUIZZES:
        assert "true_false" not in {block["type"] for block in quiz.fields["questions"]}


def test_estimated_time_supports_the_ce_hours():
    """Lesson minutes plus about 1.5 minutes per quiz item must cover the CE hours claimed,
    and the course's estimated hours must match that total to within an hour."""
    lesson_minutes = sum(lesson.fields["estimated_minutes"] for lesson in LESSONS)
    items = sum(len(list(quiz_questions(quiz))) for quiz in QUIZZES)
    total_hours = (lesson_minutes + 1.5 * items) / 60
    assert float(COURSE.fields["ce_hours"]) <= total_hours, total_hours
    assert abs(float(COURSE.fields["estimated_hours"]) - total_hours) <= 1, total_hours


def test_the_quizzes_give_enough_questions_per_ce_hour():
    hours = float(COURSE.fields["ce_hours"])
    final = len(list(quiz_questions(COURSE.final_test)))
    every = sum(len(list(quiz_questions(quiz))) for quiz in QUIZZES)
    assert final >= 4 * hours, (final, hours)
    assert every >= 6 * hours, (every, hours)


def test_question_tags_are_competencies_that_lead_back_to_a_lesson_of_the_module():
    for quiz in QUIZZES:
        for _kind, question in quiz_questions(quiz):
            tags = set(values(question["tags"]))
            assert tags and tags <= COMPETENCIES, (quiz.slug, question["prompt"], tags)
    modules = {module.slug: module for module in COURSE.modules}
    for slug, quiz in COURSE.quizzes.items():
        taught = {tag for lesson in modules[slug].lessons for tag in lesson.tags}
        for _kind, question in quiz_questions(quiz):
            assert set(values(question["tags"])) & taught, (quiz.slug, question["prompt"])


def test_the_final_post_test_covers_every_competency():
    covered = {
        tag
        for _kind, question in quiz_questions(COURSE.final_test)
        for tag in values(question["tags"])
    }
    assert covered == COMPETENCIES, COMPETENCIES - covered


def test_research_questions_cite_sources_that_resolve():
    for quiz in QUIZZES:
        for _kind, question, scenario in quiz_questions_in_context(quiz):
            options = [choice["text"] for choice in values(question.get("choices", []))]
            steps = values(question.get("steps", []))
            text = " ".join([scenario, question["prompt"], *options, *steps])
            cited = values(question["citations"])
            if RESEARCH_ITEM.search(text) or "research-literacy" in values(question["tags"]):
                assert cited, (quiz.slug, question["prompt"])
            assert all(key in REFERENCES for key in cited), (quiz.slug, cited)


def _stem_words(question) -> set[str]:
    return set(re.findall(r"[a-z0-9']+", question["prompt"].lower()))


def test_no_question_stem_is_repeated_across_the_quizzes():
    stems = [
        (quiz.slug, _stem_words(question))
        for quiz in QUIZZES
        for _kind, question in quiz_questions(quiz)
    ]
    for i, (slug_a, a) in enumerate(stems):
        for slug_b, b in stems[i + 1 :]:
            assert len(a & b) / len(a | b) < 0.6, (slug_a, slug_b, sorted(a))


@pytest.mark.parametrize("quiz", QUIZZES, ids=lambda quiz: quiz.slug)
def test_questions_explain_themselves_and_never_rest_on_a_retracted_source(quiz):
    for kind, question in quiz_questions(quiz):
        assert len(question["explanation"].split()) >= 12, question["prompt"]
        cited = [item["value"] for item in question["citations"]]
        assert all(REFERENCES[key]["status"] != "retracted" for key in cited), question["prompt"]
        if kind == "single_choice":
            assert sum(c["value"]["correct"] for c in question["choices"]) == 1

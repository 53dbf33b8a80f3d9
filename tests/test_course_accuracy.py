"""Accuracy safeguards for the flagship course's data files, beside those in
`test_course_content.py`: every file is among those checked, every study a lesson or
question names is cited there, no figure the literature notes leave unconfirmed (NC) is
taught, and every DOI can be followed."""

import re

import pytest

from courses.demo.content import CONTENT_DIR, load_course
from courses.demo.schema import read_yaml
from tests.test_course_content import QUIZZES, quiz_questions_in_context, values, words_of

COURSE = load_course()
REFERENCES = {reference.key: reference.fields for reference in COURSE.references}


def test_every_module_and_quiz_file_is_part_of_the_course():
    """A file left out of course.yaml would escape every check on the course."""
    listed = read_yaml(CONTENT_DIR / "course.yaml")
    modules = {f"modules/{name}" for name in listed["modules"]}
    quizzes = {*listed["quizzes"].values(), listed["final_test"]}
    on_disk = {
        str(path.relative_to(CONTENT_DIR))
        for folder in ("modules", "quizzes")
        for path in (CONTENT_DIR / folder).glob("*.y*ml")
    }
    assert on_disk == modules | quizzes


def first_author(authors: str) -> str | None:
    """'Grob CS, Danforth AL, et al.' → 'Grob'; an organisation has no surname."""
    head, _, initials = authors.split(",")[0].strip().rpartition(" ")
    return (
        head if head and initials.isalpha() and initials.isupper() and len(initials) <= 3 else None
    )


SURNAMES: dict[str, set[str]] = {}
for _key, _fields in REFERENCES.items():
    if surname := first_author(_fields["authors"]):
        SURNAMES.setdefault(surname, set()).add(_key)
# A study named as a study: "Grob and colleagues", "Ross et al.", "Holze (2023)",
# "the Gasser trial", "Griffiths 2016", "the Grob and Ross trials".
NAMED_STUDY = re.compile(
    r"\b(" + "|".join(map(re.escape, SURNAMES)) + r")\b(?=,? et al|,? and colleagues"
    r"|'s? (?:trial|pilot|study|team|experiment|follow-up|guidelines)|,? \(?(?:19|20)\d\d\b"
    r"| and (?!colleagues)[A-Z]| (?:trial|pilot|study|experiment|follow-up))"
)


def named_studies(text: str) -> set[str]:
    return set(NAMED_STUDY.findall(text))


def test_a_study_is_recognised_when_named():
    assert named_studies("Niacin was the placebo in the Grob and Ross trials.") == {"Grob", "Ross"}
    assert named_studies("Holze and colleagues (2023) ran a crossover.") == {"Holze"}
    assert named_studies("Ross, 52, has panic attacks; his GP is Dr Davis.") == set()


@pytest.mark.parametrize("lesson", COURSE.lessons, ids=lambda lesson: lesson.slug)
def test_every_study_a_lesson_names_is_cited_in_the_lesson(lesson):
    cited = {block["value"]["reference"] for block in lesson.body if block["type"] == "citation"}
    text = " ".join(words_of([block["value"] for block in lesson.body]))
    uncited = {name for name in named_studies(text) if not SURNAMES[name] & cited}
    assert not uncited, uncited


@pytest.mark.parametrize("quiz", QUIZZES, ids=lambda quiz: quiz.slug)
def test_every_study_a_question_names_is_among_its_citations(quiz):
    """Stem, options, feedback and explanation alike: the citations show with the review."""
    for _kind, question, scenario in quiz_questions_in_context(quiz):
        cited = set(values(question["citations"]))
        text = " ".join(words_of([scenario, question]))
        uncited = {name for name in named_studies(text) if not SURNAMES[name] & cited}
        assert not uncited, (question["prompt"], uncited)


# Figures LITERATURE.md marks NC (not confirmed): widely quoted, never to be taught or tested.
NC_FIGURES = {
    "Davis 2021 Cohen's d of 2.5 or 2.6": re.compile(r"\bd\s*=\s*2\.[56]\b"),
    "Davis 2021 response of 71% or remission of 54%": re.compile(r"\b(71|54)\s?(%|percent)"),
    "Carhart-Harris 2016 QIDS differences": re.compile(r"11\.8|\b9\.2\b|\bg\s*[≈=]\s*3\.1"),
    "Mithoefer relapse count": re.compile(r"relaps\w*\D{0,20}\d|\d+\D{0,20}relaps", re.I),
    "Mithoefer 2011 doses": re.compile(r"\b125\s?mg|\b62\.5\s?mg"),
}


def teaching_texts():
    for lesson in COURSE.lessons:
        yield lesson.slug, " ".join(words_of([block["value"] for block in lesson.body]))
    for quiz in QUIZZES:
        yield quiz.slug, " ".join(words_of(quiz.fields["questions"]))


@pytest.mark.parametrize("figure", NC_FIGURES)
def test_no_lesson_or_question_uses_a_figure_the_literature_leaves_unconfirmed(figure):
    found = [slug for slug, text in teaching_texts() if NC_FIGURES[figure].search(text)]
    assert not found, found


def test_every_doi_is_well_formed_so_that_its_link_resolves():
    for key, fields in REFERENCES.items():
        if fields["doi"]:
            assert re.fullmatch(r"10\.\d{4,9}/\S+", fields["doi"]), key
        if fields["url"]:
            assert fields["url"].startswith("https://"), key


def test_a_retracted_source_says_why_it_was_retracted():
    for key, fields in REFERENCES.items():
        if fields["status"] == "retracted":
            assert "retracted" in fields["status_note"].lower(), key
    assert "competing interests" in REFERENCES["jerome2020"]["status_note"]

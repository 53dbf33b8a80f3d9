"""The item-writing checker: each rule fires on the flaw it names and stays quiet otherwise,
and the StreamField adapter turns stored questions into the checker's input."""

from courses.assessment.item_checks import (
    Choice,
    Item,
    QuizItems,
    Rule,
    Source,
    check_course,
    check_item,
    check_quiz_in_course,
    duplicate_stems,
    preview,
    summarise,
)
from courses.blocks.item_data import cited_values, quiz_items

EXPLANATION = (
    "Lithium taken with a classic psychedelic has been linked to seizures, so the study "
    "physician must know at once."
)


def item(prompt="Which concern matters most for the team?", **fields) -> Item:
    values = {
        "number": "1",
        "kind": "single_choice",
        "prompt": prompt,
        "explanation": EXPLANATION,
        "choices": (
            Choice("Seizures when taken with a psychedelic", correct=True),
            Choice("A blunted response that needs more drug"),
            Choice("A blood level check after the session"),
        ),
        "tags": ("screening",),
    }
    values.update(fields)
    return Item(**values)


def rules(found) -> list[Rule]:
    return [rule for rule, _message in found]


def test_a_well_written_item_has_no_warning():
    assert check_item(item()) == []


# -- the key is the longest option ----------------------------------------------------------


def test_a_key_much_longer_than_every_other_option_is_flagged():
    long_key = item(
        choices=(
            Choice("Seizures, which were reported in case reports of the combination", True),
            Choice("A blunted response"),
            Choice("A blood level check"),
        )
    )
    [(rule, message)] = check_item(long_key)
    assert rule is Rule.KEY_LONGEST
    assert "the correct answer is the longest option (64 characters" in message
    assert "the longest of the others has 19" in message


def test_a_key_within_ten_percent_of_the_longest_other_option_is_not_flagged():
    close = item(choices=(Choice("a" * 22, True), Choice("b" * 20), Choice("c" * 5)))
    assert check_item(close) == []
    over = item(choices=(Choice("a" * 23, True), Choice("b" * 20), Choice("c" * 5)))
    assert rules(check_item(over)) == [Rule.KEY_LONGEST]


def test_key_length_is_a_single_choice_rule():
    many = item(kind="multiple_response", choices=(Choice("a" * 90, True), Choice("b")))
    assert check_item(many) == []


# -- absolute words in wrong options --------------------------------------------------------


def test_an_absolute_word_in_a_wrong_option_is_flagged_with_the_word():
    absolute = item(
        choices=(
            Choice("Seizures when taken with a psychedelic", True),
            Choice("Lithium must never be combined with anything"),
            Choice("No one on lithium may ever take part"),
        )
    )
    found = check_item(absolute)
    assert rules(found) == [Rule.ABSOLUTE_WORD, Rule.ABSOLUTE_WORD]
    assert "“Lithium must never be combined with anything” says “never”" in found[0][1]
    assert "says “no one”" in found[1][1]


def test_absolute_words_in_the_key_or_inside_other_words_are_not_flagged():
    fine = item(
        choices=(
            Choice("Always tell the physician about it", True),
            Choice("Overall it lowers the needed dose"),
            Choice("It calls for a blood level check"),
        )
    )
    assert check_item(fine) == []


def test_multiple_response_wrong_options_are_checked_for_absolutes():
    many = item(
        kind="multiple_response",
        choices=(Choice("Pregnancy", True), Choice("Every kind of asthma")),
    )
    assert rules(check_item(many)) == [Rule.ABSOLUTE_WORD]


# -- explanations ---------------------------------------------------------------------------


def test_a_question_without_an_explanation_is_flagged():
    [(rule, message)] = check_item(item(explanation="  "))
    assert rule is Rule.EXPLANATION and "it has no explanation" in message


def test_an_explanation_too_short_to_teach_is_flagged():
    [(rule, message)] = check_item(item(explanation="Seizures."))
    assert rule is Rule.EXPLANATION and "its explanation has 1 word. Say why" in message


def test_an_explanation_of_twelve_words_is_enough():
    assert check_item(item(explanation=" ".join(["word"] * 12))) == []


# -- research items and their sources -------------------------------------------------------


def test_a_research_item_without_a_source_is_flagged_with_the_word_that_makes_it_one():
    research = item(prompt="In a 2016 crossover, what happened by six months?")
    [(rule, message)] = check_item(research)
    assert rule is Rule.UNCITED_RESEARCH
    assert "it mentions “2016”" in message and "cites no source" in message


def test_research_words_in_options_steps_or_a_case_count_too():
    in_option = item(choices=(Choice("The placebo group", True), Choice("The control group")))
    in_steps = item(kind="ordering", choices=(), steps=("Screen", "Randomised allocation"))
    in_case = item(scenario="A client quotes a study from a blog.")
    for flagged in (in_option, in_steps, in_case):
        assert rules(check_item(flagged)) == [Rule.UNCITED_RESEARCH]


def test_an_item_tagged_research_literacy_needs_a_source():
    tagged = item(tags=("research-literacy",))
    [(rule, message)] = check_item(tagged)
    assert rule is Rule.UNCITED_RESEARCH and "tagged research-literacy" in message


def test_a_cited_research_item_or_a_clinical_item_is_not_flagged():
    cited = item(prompt="In a 2016 trial, what happened?", sources=(Source("Ross et al., 2016"),))
    assert check_item(cited) == []
    assert check_item(item(prompt="What do you ask a client at screening?")) == []


def test_an_item_citing_a_retracted_source_is_flagged():
    retracted = item(sources=(Source("Jerome et al., 2020", retracted=True),))
    [(rule, message)] = check_item(retracted)
    assert rule is Rule.RETRACTED_SOURCE
    assert "it cites Jerome et al., 2020, which has been retracted" in message
    assert check_item(item(sources=(Source("Mithoefer et al., 2013"),))) == []


# -- true/false -----------------------------------------------------------------------------


def test_a_true_false_item_is_flagged_in_a_quiz_that_counts_only():
    statement = item(kind="true_false", choices=())
    assert rules(check_item(statement, summative=True)) == [Rule.TRUE_FALSE]
    assert check_item(statement, summative=False) == []


# -- duplicated stems -----------------------------------------------------------------------


def quiz(name, *items, summative=True) -> QuizItems:
    return QuizItems(name, tuple(items), summative)


def test_nearly_the_same_stem_in_two_quizzes_is_reported_once_on_the_later_one():
    module = quiz("Module 1 quiz", item("Which exclusion applies to a brother with psychosis?"))
    final = quiz(
        "Final test",
        item("Who decides whether rescue medication is given?", number="1"),
        item("Which exclusion applies to a brother with psychosis here?", number="2"),
    )
    [warning] = duplicate_stems([module, final])
    assert (warning.quiz, warning.number, warning.rule) == ("Final test", "2", Rule.DUPLICATE_STEM)
    assert "as question 1 in Module 1 quiz (“Which exclusion applies to a brother" in str(warning)


def test_different_stems_are_not_duplicates():
    one = quiz("A", item("Which medicine raises the risk of seizures?"))
    other = quiz("B", item("When is suicide risk asked about after dosing?"))
    assert duplicate_stems([one, other]) == []


def test_questions_of_one_case_are_compared_by_their_own_prompts():
    scenario = "Fictional case. " + " ".join(f"detail{n}" for n in range(40))
    case = quiz(
        "Quiz",
        item("Is she eligible for the trial now?", number="3.1", scenario=scenario),
        item("What should the therapist say next?", number="3.2", scenario=scenario),
    )
    assert duplicate_stems([case]) == []


def test_the_same_prompt_about_two_different_cases_is_not_a_duplicate():
    prompt = "What is the best next step?"
    first = item(prompt, number="1.1", scenario="Ana, 34, has panic attacks on trains.")
    second = item(prompt, number="2.1", scenario="Ben, 60, fears dying after his diagnosis.")
    assert duplicate_stems([quiz("Quiz", first, second)]) == []
    reused = item(prompt, number="4.1", scenario="Ana, 34, has panic attacks on trains.")
    assert len(duplicate_stems([quiz("Quiz", first), quiz("Final", reused)])) == 1


def test_an_authors_own_quiz_hears_of_its_duplicates_against_the_course():
    mine = quiz("My quiz", item("Which exclusion applies to a brother with psychosis?"))
    earlier = quiz("Final test", item("Which exclusion applies to a brother with psychosis?"))
    unrelated = quiz("Other", item("Which exclusion applies to a brother with psychosis??"))
    warnings = check_quiz_in_course(mine, [earlier, unrelated])
    assert [w.quiz for w in warnings] == ["My quiz", "My quiz"]
    assert "in Final test" in warnings[0].message and "in Other" in warnings[1].message


# -- a course -------------------------------------------------------------------------------


def test_a_course_report_names_quiz_question_and_rule_in_course_order():
    final = quiz("Final test", item("Who gives rescue medication?", number="1", explanation=""))
    module = quiz(
        "Module 1 quiz",
        item(number="1"),
        item("Lithium is safe with psilocybin.", number="2", kind="true_false", choices=()),
        item("When is suicide risk asked about?", number="10", explanation="Short."),
    )
    warnings = check_course([module, final])
    assert [(w.quiz, w.number, w.rule) for w in warnings] == [
        ("Module 1 quiz", "2", Rule.TRUE_FALSE),
        ("Module 1 quiz", "10", Rule.EXPLANATION),
        ("Final test", "1", Rule.EXPLANATION),
    ]
    assert str(warnings[0]).startswith(
        "Module 1 quiz, question 2 (“Lithium is safe with psilocybin.”): it is a true/false "
        "question."
    )


def test_a_long_stem_is_named_by_its_start():
    stem = (
        "A 48-year-old with generalized anxiety disorder takes lithium, added by his psychiatrist"
    )
    assert preview(stem) == "A 48-year-old with generalized anxiety disorder takes…"
    assert preview("Short stem") == "Short stem"


def test_the_summary_counts_items_and_how_often_the_key_is_longest():
    longest = item(choices=(Choice("a" * 30, True), Choice("b" * 30)))
    shorter = item(choices=(Choice("a" * 10, True), Choice("b" * 30)))
    summary = summarise(
        [
            quiz("One", longest, shorter, item(kind="ordering", choices=())),
            quiz("Two", item(choices=(Choice("a" * 9, True), Choice("b")), sources=(Source("x"),))),
        ]
    )
    assert summary.items_per_quiz == [("One", 3), ("Two", 1)]
    assert summary.total == 4 and summary.cited == 1
    assert (summary.single_answer, summary.key_longest) == (3, 2)
    assert summary.kinds == {"single_choice": 3, "ordering": 1}


# -- from stored questions ------------------------------------------------------------------


def entries(*values):
    return [{"type": "item", "value": value, "id": f"id-{n}"} for n, value in enumerate(values)]


STORED = [
    {
        "type": "single_choice",
        "id": "a",
        "value": {
            "prompt": "In a 2016 trial, what was the placebo?",
            "choices": entries({"text": "Niacin", "correct": True}, {"text": "Saline"}),
            "explanation": "Niacin.",
            "tags": entries("research-literacy"),
            "citations": entries(7, 99),
        },
    },
    {
        "type": "case_vignette",
        "id": "b",
        "value": {
            "title": "A referral",
            "scenario": "Jordan, 41, takes lithium.",
            "questions": entries(
                {"prompt": "Is Jordan eligible?", "choices": [{"text": "No", "correct": True}]},
                {"prompt": "What next?", "choices": [], "citations": entries(8)},
            ),
        },
    },
    {"type": "ordering", "id": "c", "value": {"prompt": "Order these.", "steps": ["A", "B"]}},
]


def test_stored_questions_become_numbered_items_with_their_sources_looked_up():
    sources = {7: Source("Ross et al., 2016"), 8: Source("Jerome et al., 2020", retracted=True)}
    quiz_data = quiz_items("Module 1 quiz", STORED, sources)
    assert [(i.number, i.kind) for i in quiz_data.items] == [
        ("1", "single_choice"),
        ("2.1", "single_choice"),
        ("2.2", "single_choice"),
        ("3", "ordering"),
    ]
    first, case_question, _, ordering = quiz_data.items
    assert first.sources == (Source("Ross et al., 2016"),)  # reference 99 no longer exists
    assert first.choices == (Choice("Niacin", True), Choice("Saline", False))
    assert first.tags == ("research-literacy",)
    assert case_question.scenario == "A referral. Jordan, 41, takes lithium."
    assert ordering.steps == ("A", "B")  # stored before list items had ids
    assert cited_values(STORED) == {7, 8, 99}
    found = {(w.number, w.rule) for w in check_course([quiz_data])}
    assert ("2.2", Rule.RETRACTED_SOURCE) in found and ("1", Rule.EXPLANATION) in found

"""StreamField blocks: lesson bodies (`lesson`) and quiz questions (`questions`)."""

from courses.blocks.lesson import (
    LESSON_RICH_TEXT_FEATURES,
    LearningObjectivesBlock,
    LessonBodyBlock,
)
from courses.blocks.questions import QuizQuestionsBlock

__all__ = [
    "LESSON_RICH_TEXT_FEATURES",
    "LearningObjectivesBlock",
    "LessonBodyBlock",
    "QuizQuestionsBlock",
]

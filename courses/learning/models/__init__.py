from courses.learning.models.attempts import QuizAttempt
from courses.learning.models.records import CourseCompletion, Enrolment, LessonCompletion

__all__ = ["CourseCompletion", "Enrolment", "LessonCompletion", "QuizAttempt"]

"""Who may see and act on other people's training records: the Training administrators
group, and anyone else given its permission. Course authors and clinical reviewers have no
such right by default; superusers have every right."""

# The permission every training-administration view requires (a custom permission on
# Enrolment, see courses.learning.models.records).
ADMINISTER_TRAINING = "learning.administer_training"
TRAINING_ADMINISTRATORS = "Training administrators"


def administers_training(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.has_perm(ADMINISTER_TRAINING)
    )

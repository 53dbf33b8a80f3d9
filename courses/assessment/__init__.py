"""The assessment engine: freezing a quiz into a snapshot, reading and grading answers, and
what a result shows. Plain functions over plain JSON; no models, no blocks after the
snapshot is made, so a past attempt never changes when its quiz does."""

"""Which stage the next round of an application probably is, from its earlier rounds."""

from .models import Application, Interview, Stage

# The round that usually follows each stage. Once past the second round every further
# round is a "later" one until the user says it is the final or a panel.
NEXT_STAGE = {
    Stage.SCREEN: Stage.FIRST,
    Stage.FIRST: Stage.SECOND,
    Stage.SECOND: Stage.LATER,
    Stage.LATER: Stage.LATER,
    Stage.PANEL: Stage.LATER,
    Stage.FINAL: Stage.FINAL,
}

FIRST_ROUND = Stage.FIRST


def stage_suggest(
    *, application: Application | None, exclude_interview_id: int | None = None
) -> str:
    """The stage after the application's latest round; the first round when none exists."""
    if application is None or application.pk is None:
        return FIRST_ROUND
    rounds = Interview.objects.live().filter(application=application)
    if exclude_interview_id is not None:
        rounds = rounds.exclude(pk=exclude_interview_id)
    latest = rounds.order_by("-ends_at", "-id").values_list("stage", flat=True).first()
    if latest is None:
        return FIRST_ROUND
    return NEXT_STAGE.get(latest, Stage.LATER)

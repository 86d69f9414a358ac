"""factory_boy factories for every model; tests build data through these."""

import datetime as dt

import factory
from django.forms import CheckboxInput
from django.utils import timezone

from accounts.models import User
from applications.models import Application, Interview, Interviewer, Participation
from jobtrack.wallclock import local_day_bounds
from letters.models import Letter, LetterKind, LetterStatus
from reminders.models import Reminder, ReminderKind


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    timezone = "Europe/Berlin"
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    owner = factory.SubFactory(UserFactory)
    company = factory.Faker("company")
    role = factory.Faker("job")
    status = "interviewing"


def ended_today(owner) -> dt.datetime:
    """Half an hour ago, but not before the owner's midnight: a test of "ended today"
    must hold in the half hour after midnight where the owner lives, too."""
    now = timezone.now()
    midnight, _ = local_day_bounds(instant=now, zone=owner.zone)
    return min(
        max(now - dt.timedelta(minutes=30), midnight), now - dt.timedelta(seconds=1)
    )


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    application = factory.SubFactory(ApplicationFactory)
    owner = factory.SelfAttribute("application.owner")
    stage = "first"
    format = "video"
    status = "done"
    ends_at = factory.LazyAttribute(lambda interview: ended_today(interview.owner))
    timezone = factory.SelfAttribute("owner.timezone")


class InterviewerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interviewer

    application = factory.SubFactory(ApplicationFactory)
    owner = factory.SelfAttribute("application.owner")
    name = factory.Faker("name")
    title = factory.Faker("job")
    email = factory.Faker("email")


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    interview = factory.SubFactory(InterviewFactory)
    interviewer = factory.SubFactory(
        InterviewerFactory,
        application=factory.SelfAttribute("..interview.application"),
    )
    specific_detail = "the migration of the billing service to event sourcing"


class LetterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Letter

    interview = factory.SubFactory(InterviewFactory)
    owner = factory.SelfAttribute("interview.owner")
    application = factory.SelfAttribute("interview.application")
    interviewer = factory.SubFactory(
        InterviewerFactory, application=factory.SelfAttribute("..interview.application")
    )
    kind = LetterKind.FIRST
    subject = "Thank you – interview"
    body = "Dear Ms. Example,\n\nThank you for your time today.\n\nBest regards"

    class Params:
        finished = factory.Trait(
            status=LetterStatus.FINISHED, finished_at=factory.LazyFunction(timezone.now)
        )


class ReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reminder

    interview = factory.SubFactory(InterviewFactory)
    owner = factory.SelfAttribute("interview.owner")
    kind = ReminderKind.FIRST
    due_at = factory.LazyFunction(timezone.now)


def reload(obj):
    """The row as the database has it now."""
    return type(obj).objects.get(pk=obj.pk)


def profile_post(user, **changes) -> dict:
    """What the profile page posts for `user` with nothing changed but `changes`: every
    field the form shows, read through the form, so a new profile field needs no test edit."""
    from accounts.forms import ProfileForm

    form = ProfileForm(instance=user)
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, CheckboxInput):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    return {**data, **changes}

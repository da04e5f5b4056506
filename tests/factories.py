"""Small factories for the timeline's models."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from timeline.models import Actor, Article, Event, Mention, Status, Topic
from timeline.periods import Precision


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Actor {n}")
    slug = factory.Sequence(lambda n: f"actor-{n}")
    kind = "state"


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    publisher = "UNN"
    url = factory.Sequence(lambda n: f"https://news.example.org/articles/{n}")
    published = datetime.datetime(2022, 10, 1, 14, 41, tzinfo=datetime.UTC)
    published_source = "dateline"
    body = factory.Sequence(lambda n: f"Article {n}.\n\nToday Ukraine met NATO. ({n})")
    raw_content = factory.SelfAttribute("body")


class EventFactory(factory.django.DjangoModelFactory):
    """A confirmed, day-precise event with one mention quoting its sentence."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Event {n}")
    date = datetime.date(2022, 10, 1)
    precision = Precision.DAY
    status = Status.CONFIRMED
    confidence = 0.8

    @factory.post_generation
    def actors(self, create, extracted, **kwargs):
        if create and extracted:
            self.actors.set(extracted)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)

    @factory.post_generation
    def mention(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        sentence = kwargs.get("sentence", f"Today {self.title} happened.")
        expression = kwargs.get("expression", "Today")
        article = kwargs.get("article") or ArticleFactory(body=f"Headline\n\n{sentence}")
        start = article.body.find(sentence)
        start = max(start, 0)
        offset = sentence.find(expression) if expression else -1
        Mention.objects.create(
            event=self,
            article=article,
            sentence=sentence,
            start=start,
            end=start + len(sentence),
            expression=expression if offset >= 0 else "",
            expression_start=start + offset if offset >= 0 else None,
            expression_end=start + offset + len(expression) if offset >= 0 else None,
        )


PASSWORD = "correct horse battery staple"


def make_user(username: str = "editor", *, editor: bool = True, superuser: bool = False):
    """A user who can log in; in the Editors group (and staff) unless ``editor`` is False."""
    User = get_user_model()
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        is_staff=editor or superuser,
        is_superuser=superuser,
    )
    if editor:
        user.groups.add(Group.objects.get(name="Editors"))
    return user


def event_fields(event: Event) -> dict:
    """What an editor's form shows of `event`, as posted unchanged."""
    return {
        "title": event.title,
        "date": event.date.isoformat() if event.date else "",
        "date_end": "",
        "precision": event.precision,
        "actors": [actor.pk for actor in event.actors.all()],
        "topics": [topic.pk for topic in event.topics.all()],
    }


def change_data(event: Event, **changes) -> dict:
    """The admin change form of `event` as posted unchanged, with `changes` applied."""
    data = {
        **event_fields(event),
        "rejection_reason": "",
        "loaded_version": event.version,
        "mentions-TOTAL_FORMS": "0",
        "mentions-INITIAL_FORMS": "0",
        "mentions-MIN_NUM_FORMS": "0",
        "mentions-MAX_NUM_FORMS": "1000",
    }
    if event.implicit_date:
        data["implicit_date"] = "on"
    data.update(changes)
    return data


def queue_form(event: Event, **changes) -> dict:
    """The review queue's form confirming `event` as shown, with `changes` applied."""
    data = {"event": event.pk, "action": "confirm", "version": event.version}
    data.update(event_fields(event))
    data.update(changes)
    return data

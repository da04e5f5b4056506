"""The starter vocabulary: what the builder assembles from the packages and the hand data, and
what the migrations put in the database for the extraction engine."""

import datetime
import importlib
from collections import defaultdict

import pytest
from django.apps import apps

from timeline.extraction import Office, Role
from timeline.ingestion import extraction_vocabulary
from timeline.models import Actor, ActorAlias, ActorKind, ActorOffice, Topic, TopicKeyword
from timeline.vocabulary import install_vocabulary, read_starter_vocabulary, starter_entries

VOCABULARY = read_starter_vocabulary()
ACTORS = {actor["slug"]: actor for actor in VOCABULARY["actors"]}

# The 193 member states of the United Nations, under the names the press uses.
UN_MEMBERS = """
Afghanistan, Albania, Algeria, Andorra, Angola, Antigua and Barbuda, Argentina, Armenia,
Australia, Austria, Azerbaijan, Bahamas, Bahrain, Bangladesh, Barbados, Belarus, Belgium, Belize,
Benin, Bhutan, Bolivia, Bosnia and Herzegovina, Botswana, Brazil, Brunei, Bulgaria, Burkina Faso,
Burundi, Cape Verde, Cambodia, Cameroon, Canada, Central African Republic, Chad, Chile, China,
Colombia, Comoros, Republic of the Congo, Costa Rica, Ivory Coast, Croatia, Cuba, Cyprus,
Czech Republic, Democratic Republic of the Congo, Denmark, Djibouti, Dominica,
Dominican Republic, Ecuador, Egypt, El Salvador, Equatorial Guinea, Eritrea, Estonia, Eswatini,
Ethiopia, Fiji, Finland, France, Gabon, Gambia, Georgia, Germany, Ghana, Greece, Grenada,
Guatemala, Guinea, Guinea-Bissau, Guyana, Haiti, Honduras, Hungary, Iceland, India, Indonesia,
Iran, Iraq, Ireland, Israel, Italy, Jamaica, Japan, Jordan, Kazakhstan, Kenya, Kiribati, Kuwait,
Kyrgyzstan, Laos, Latvia, Lebanon, Lesotho, Liberia, Libya, Liechtenstein, Lithuania, Luxembourg,
Madagascar, Malawi, Malaysia, Maldives, Mali, Malta, Marshall Islands, Mauritania, Mauritius,
Mexico, Micronesia, Moldova, Monaco, Mongolia, Montenegro, Morocco, Mozambique, Myanmar, Namibia,
Nauru, Nepal, Netherlands, New Zealand, Nicaragua, Niger, Nigeria, North Korea, North Macedonia,
Norway, Oman, Pakistan, Palau, Panama, Papua New Guinea, Paraguay, Peru, Philippines, Poland,
Portugal, Qatar, Romania, Russia, Rwanda, Saint Kitts and Nevis, Saint Lucia,
Saint Vincent and the Grenadines, Samoa, San Marino, São Tomé and Príncipe, Saudi Arabia,
Senegal, Serbia, Seychelles, Sierra Leone, Singapore, Slovakia, Slovenia, Solomon Islands,
Somalia, South Africa, South Korea, South Sudan, Spain, Sri Lanka, Sudan, Suriname, Sweden,
Switzerland, Syria, Tajikistan, Tanzania, Thailand, Timor-Leste, Togo, Tonga,
Trinidad and Tobago, Tunisia, Turkey, Turkmenistan, Tuvalu, Uganda, Ukraine,
United Arab Emirates, United Kingdom, United States, Uruguay, Uzbekistan, Vanuatu, Venezuela,
Vietnam, Yemen, Zambia, Zimbabwe
"""
# The actors of the first starter vocabulary: events link to their slugs.
FIRST_STARTER_SLUGS = [
    "ukraine",
    "russia",
    "poland",
    "slovakia",
    "hungary",
    "romania",
    "moldova",
    "belarus",
    "united-states",
    "united-kingdom",
    "germany",
    "france",
    "lithuania",
    "nato",
    "european-union",
    "nato-ukraine-council",
    "ministry-of-defence-of-ukraine",
    "ministry-of-foreign-affairs-of-ukraine",
    "gur",
    "office-of-the-president-of-ukraine",
    "armed-forces-of-ukraine",
    "volodymyr-zelenskyy",
    "oleksii-reznikov",
    "rustem-umerov",
    "dmytro-kuleba",
    "andrii-sybiha",
    "jens-stoltenberg",
    "mark-rutte",
    "andrzej-duda",
    "vladimir-putin",
]
# Names that no single actor can own: the engine places them from an adjective or not at all.
GENERIC_NAMES = [
    "Ministry of Defence",
    "Ministry of Defense",
    "Defence Ministry",
    "Defense Ministry",
    "MoD",
    "Foreign Ministry",
    "Ministry of Foreign Affairs",
    "MFA",
    "General Staff",
    "Parliament",
    "Government",
    "the government",
    "Office of the President",
    "Presidential Office",
    "Security Council",
    "Congo",
    "Korean",
    "America",
]


def names_and_aliases(actor: dict) -> list[str]:
    return [actor["name"], *actor["aliases"]]


def test_every_un_member_state_is_there_under_the_name_the_press_uses():
    states = {actor["name"] for actor in VOCABULARY["actors"] if actor["kind"] == "state"}
    members = [name.strip() for name in UN_MEMBERS.split(",")]
    assert len(members) == 193
    assert set(members) - states == set()
    assert {"Kosovo", "Palestine", "Taiwan", "Vatican City"} <= states


@pytest.mark.parametrize(
    ("slug", "aliases"),
    [
        ("czech-republic", ["Czechia", "Czech", "Czechs", "Prague"]),
        ("turkey", ["Türkiye", "Turkish", "Ankara"]),
        ("denmark", ["Danish", "Dane", "Danes", "Copenhagen", "Kingdom of Denmark"]),
        ("poland", ["Polish", "Pole", "Poles", "Warsaw", "Republic of Poland"]),
        ("netherlands", ["Dutch", "Holland"]),
        ("united-kingdom", ["UK", "U.K.", "Britain", "British", "Britons", "London"]),
        ("united-states", ["US", "U.S.", "USA", "American", "Americans", "Washington"]),
        ("south-korea", ["South Korean", "Republic of Korea", "Seoul"]),
        ("ukraine", ["Ukrainian", "Ukrainians", "Kyiv", "Kiev"]),
    ],
)
def test_states_have_their_other_names_adjectives_demonyms_and_capital(slug, aliases):
    assert set(aliases) <= set(ACTORS[slug]["aliases"])


def test_the_first_starter_actors_keep_their_slugs():
    assert set(FIRST_STARTER_SLUGS) - set(ACTORS) == set()


def test_no_alias_belongs_to_two_actors_whatever_its_case():
    # The engine looks aliases up case-insensitively, so "Us" and "US" could not both be right.
    owners = defaultdict(set)
    for actor in VOCABULARY["actors"]:
        for alias in names_and_aliases(actor):
            owners[alias.casefold()].add(actor["slug"])
    assert {alias: slugs for alias, slugs in owners.items() if len(slugs) > 1} == {}


def test_generic_names_are_nobodys_alias():
    everything = {alias for actor in VOCABULARY["actors"] for alias in names_and_aliases(actor)}
    assert everything & set(GENERIC_NAMES) == set()


def test_every_actor_has_a_known_kind_and_a_unique_slug():
    assert {actor["kind"] for actor in VOCABULARY["actors"]} <= set(ActorKind.values)
    assert len(ACTORS) == len(VOCABULARY["actors"])


def test_bodies_and_offices_point_to_actors_of_the_vocabulary():
    for actor in VOCABULARY["actors"]:
        assert actor["part_of"] in (None, *ACTORS), actor["slug"]
        for office in actor["offices"]:
            assert office["of"] in ACTORS, (actor["slug"], office)
            assert office["role"] in set(Role), (actor["slug"], office)


def test_every_office_has_a_real_start_before_its_end():
    for actor in VOCABULARY["actors"]:
        for office in actor["offices"]:
            start = datetime.date.fromisoformat(office["start"])
            if office["end"] is not None:
                assert start <= datetime.date.fromisoformat(office["end"]), (actor["slug"], office)


def test_at_least_sixty_defence_companies_with_a_description():
    companies = [actor for actor in VOCABULARY["actors"] if actor["kind"] == "company"]
    assert len(companies) >= 60
    assert all(company["description"] for company in companies)


def test_eu_institutions_and_national_bodies_belong_to_their_union_or_state():
    assert ACTORS["european-defence-agency"]["part_of"] == "european-union"
    assert ACTORS["united-states-department-of-defense"]["part_of"] == "united-states"
    assert "Pentagon" in ACTORS["united-states-department-of-defense"]["aliases"]
    assert ACTORS["bundeswehr"]["part_of"] == "germany"


def test_a_person_with_several_posts_holds_each_for_its_time():
    actors, _ = starter_entries()
    rutte = next(actor for actor in actors if actor.slug == "mark-rutte")
    assert rutte.offices == (
        Office(
            Role.HEAD_OF_GOVERNMENT,
            "netherlands",
            datetime.date(2010, 10, 14),
            datetime.date(2024, 7, 2),
        ),
        Office(Role.SECRETARY_GENERAL, "nato", datetime.date(2024, 10, 1), None),
    )
    holders = {
        actor.name
        for actor in actors
        for office in actor.offices
        if office.role == Role.DEFENCE_MINISTER
        and office.of == "germany"
        and office.held_on(datetime.date(2024, 1, 15))
    }
    assert holders == {"Boris Pistorius"}


@pytest.mark.django_db
def test_a_migrated_database_has_the_whole_starter_vocabulary():
    assert Actor.objects.count() == len(VOCABULARY["actors"])
    assert ActorAlias.objects.get(alias="Danish").actor.slug == "denmark"
    pistorius = ActorAlias.objects.get(alias="Pistorius").actor
    assert pistorius.name == "Boris Pistorius"
    office = pistorius.offices.get()
    assert (office.role, office.of.slug, office.start) == (
        "defence-minister",
        "germany",
        datetime.date(2023, 1, 19),
    )
    assert Actor.objects.get(slug="nato-ukraine-council").part_of.slug == "nato"
    assert Actor.objects.get(slug="rheinmetall").kind == ActorKind.COMPANY


@pytest.mark.django_db
def test_the_engine_gets_offices_and_bodies_from_the_database_in_five_queries(
    django_assert_num_queries,
):
    with django_assert_num_queries(5):
        actors, topics = extraction_vocabulary()
    by_slug = {actor.slug: actor for actor in actors}
    assert by_slug["united-states-department-of-defense"].part_of == "united-states"
    assert Office(Role.DEFENCE_MINISTER, "germany", datetime.date(2023, 1, 19), None) in (
        by_slug["boris-pistorius"].offices
    )
    assert "Pistorius" in by_slug["boris-pistorius"].aliases
    assert topics


def install(data: dict) -> None:
    install_vocabulary(
        data,
        actor_model=Actor,
        alias_model=ActorAlias,
        topic_model=Topic,
        keyword_model=TopicKeyword,
        office_model=ActorOffice,
    )


@pytest.mark.django_db
def test_installing_again_keeps_what_editors_changed_and_added():
    denmark = Actor.objects.get(slug="denmark")
    denmark.description = "Written by an editor."
    denmark.save()
    ActorAlias.objects.filter(alias="Danes").update(actor=Actor.objects.get(slug="sweden"))
    ActorAlias.objects.create(actor=denmark, alias="Kongeriget Danmark")
    actors, aliases, offices = (
        Actor.objects.count(),
        ActorAlias.objects.count(),
        ActorOffice.objects.count(),
    )

    install(read_starter_vocabulary())

    denmark.refresh_from_db()
    assert denmark.description == "Written by an editor."
    assert ActorAlias.objects.get(alias="Danes").actor.slug == "sweden"
    assert denmark.aliases.filter(alias="Kongeriget Danmark").exists()
    assert (Actor.objects.count(), ActorAlias.objects.count(), ActorOffice.objects.count()) == (
        actors,
        aliases,
        offices,
    )


@pytest.mark.django_db
def test_an_actor_an_editor_created_under_another_slug_is_reused_not_duplicated():
    Actor.objects.filter(slug="hensoldt").delete()
    mine = Actor.objects.create(name="Hensoldt", slug="hensoldt-ag", kind=ActorKind.OTHER)

    install(read_starter_vocabulary())

    assert list(Actor.objects.filter(name="Hensoldt")) == [mine]
    assert ActorAlias.objects.get(alias="Hensoldt AG").actor == mine


@pytest.mark.django_db
def test_the_data_migration_removes_the_generic_aliases_the_first_starter_data_installed():
    ministry = Actor.objects.get(slug="ministry-of-defence-of-ukraine")
    ActorAlias.objects.bulk_create(
        [
            ActorAlias(actor=ministry, alias="Ministry of Defence"),
            ActorAlias(actor=ministry, alias="MoD"),
        ]
    )
    migration = importlib.import_module("timeline.migrations.0009_vocabulary_of_the_field")

    migration.install_field_vocabulary(apps, schema_editor=None)

    assert not ActorAlias.objects.filter(alias__in=["Ministry of Defence", "MoD"]).exists()
    assert ministry.aliases.filter(alias="Ukrainian Ministry of Defence").exists()

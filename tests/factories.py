"""factory_boy factories for the portal's models."""

import datetime

import factory
from django.contrib.auth.models import Group

from commission.models import Commission, CommissionMembership, Secretariat, SecretariatMembership, SubDecree
from members import roles
from members.models import LiaisonMembership, Organization, User
from taskforces.models import TaskForce, TaskForceMembership

PASSWORD = "correct horse battery staple"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"ministry-{n}")
    kind = Organization.Kind.MINISTRY
    name_en = factory.Sequence(lambda n: f"Ministry {n}")
    name_km = factory.Sequence(lambda n: f"ក្រសួង {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    name_en = factory.Sequence(lambda n: f"Person {n}")
    name_km = factory.Sequence(lambda n: f"បុគ្គល {n}")
    email = factory.LazyAttribute(lambda person: f"{person.username}@example.gov.kh")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            for role in extracted:
                give_role(self, role)


class SubDecreeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubDecree

    name_en = "Sub-decree on the establishment of the National Commission"
    name_km = "អនុក្រឹត្យស្តីពីការបង្កើតគណៈកម្មាធិការជាតិ"
    signed_on = datetime.date(2009, 9, 25)
    signed_by_en = "Prime Minister"
    signed_by_km = "នាយករដ្ឋមន្ត្រី"
    commission_seats = 18
    secretariat_seats = 57


class CommissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commission

    sub_decree = factory.SubFactory(SubDecreeFactory)
    name_en = "National Commission"
    name_km = "គណៈកម្មាធិការជាតិ"
    short_name_en = "Commission"
    short_name_km = "គណៈកម្មាធិការ"


class SecretariatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Secretariat

    commission = factory.SubFactory(CommissionFactory)
    name_en = "Secretariat"
    name_km = "លេខាធិការដ្ឋាន"


class CommissionMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommissionMembership

    commission = factory.SubFactory(CommissionFactory)
    person = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = CommissionMembership.Role.MEMBER
    started_on = datetime.date(2009, 10, 1)


class SecretariatMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SecretariatMembership

    secretariat = factory.SubFactory(SecretariatFactory)
    person = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = SecretariatMembership.Role.MEMBER
    started_on = datetime.date(2009, 10, 1)


class TaskForceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskForce

    secretariat = factory.SubFactory(SecretariatFactory)
    code = factory.Sequence(lambda n: f"task-force-{n}")
    order = factory.Sequence(int)
    name_en = factory.Sequence(lambda n: f"Task force {n}")
    name_km = factory.Sequence(lambda n: f"ក្រុមការងារ {n}")


class TaskForceMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskForceMembership

    task_force = factory.SubFactory(TaskForceFactory)
    person = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = TaskForceMembership.Role.MEMBER
    started_on = datetime.date(2009, 10, 1)


class LiaisonMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiaisonMembership

    ministry = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(UserFactory)
    started_on = datetime.date(2009, 10, 1)


def give_role(person, role):
    """Give `person` a role as the organisation does: the seat it comes with (members.roles), or its group.

    A chief or a chair takes the senior seat of the first body whose seat is
    free, or of a new body: a test may have two chiefs (one of them about to
    be deactivated), never two in one secretariat. Staff and members sit in a
    body that has its chief or chair, for the database wants one wherever
    people sit (core.db.exactly_one); when the test has none yet, an inactive
    placeholder holds the seat, with no power since it cannot sign in.
    """
    if role == roles.LIAISON:
        ministry = person.organization
        if ministry is None or ministry.kind != Organization.Kind.MINISTRY:
            ministry = OrganizationFactory()
        return LiaisonMembershipFactory(person=person, ministry=ministry)
    if role in (roles.CHIEF, roles.STAFF):
        model, body_field, senior, body_factory = (
            SecretariatMembership,
            "secretariat",
            SecretariatMembership.Role.CHIEF,
            SecretariatFactory,
        )
    elif role in (roles.CHAIR, roles.MEMBER):
        model, body_field, senior, body_factory = (
            CommissionMembership,
            "commission",
            CommissionMembership.Role.CHAIR,
            CommissionFactory,
        )
    else:
        person.groups.add(Group.objects.get(name=role))
        return None
    body_model = model._meta.get_field(body_field).related_model
    led = model.objects.active().filter(role=senior).values(body_field)
    if role in (roles.CHIEF, roles.CHAIR):
        body = body_model.objects.exclude(pk__in=led).order_by("pk").first() or body_factory()
        return _seat(model, body_field, body, person, senior)
    body = body_model.objects.filter(pk__in=led).order_by("pk").first()
    if body is None:
        body = body_model.objects.order_by("pk").first() or body_factory()
        _seat(model, body_field, body, UserFactory(is_active=False), senior)
    return _seat(model, body_field, body, person, model.Role.MEMBER)


def _seat(model, body_field, body, person, role):
    return model.objects.create(
        **{body_field: body},
        person=person,
        organization=person.organization,
        role=role,
        started_on=datetime.date(2009, 10, 1),
    )


def give_authenticator(person):
    """Give `person` a confirmed authenticator app (two-step sign-in) and return its device."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=person, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=True)


def current_code(device, *, fresh=True):
    """Return the code `device`'s app shows now; `fresh` lets it be given again in the same 30 seconds.

    django-otp takes each time step's code once; a test that signs the same person in twice within one step
    (two browser contexts, say) forgets the step used, as the app's next step would.
    """
    import time

    from django_otp.oath import TOTP

    if fresh:
        type(device).objects.filter(pk=device.pk).update(last_t=-1)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"

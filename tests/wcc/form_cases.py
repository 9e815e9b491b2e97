"""Every form class of the project, with the arguments it needs and data it accepts.

tests/wcc/test_form_renderer.py renders each one with FastRenderer and with Django's
own templates; ``test_every_form_class_of_the_project_is_compared`` fails when a form
class has no case here.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import forms as auth_forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from intake import forms as intake_forms
from members import forms as member_forms
from mutualaid import shift_forms
from mutualaid.forms import needs as need_forms
from mutualaid.models import NeedsSettings
from tests.factories import PASSWORD
from wcc import idempotency

KEY = "5b6c2f3e-9a1d-4c7e-8f00-123456789abc"


@dataclass
class Case:
    """How to make one form: ``make(seed, **form_kwargs)``, and data it accepts."""

    form_class: type
    make: object
    valid: object = None  # seed -> data, or None when no data can be valid in a test
    files: object = None  # seed -> files

    @property
    def name(self) -> str:
        return self.form_class.__name__


def future(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def plain(form_class):
    return lambda seed, **kw: form_class(**kw)


def with_categories(form_class):
    return lambda seed, **kw: form_class(categories=seed.categories, **kw)


def in_neighborhood(form_class):
    return lambda seed, **kw: form_class(neighborhood=seed.own, **kw)


CSV = b"name,email\nAna,ana@example.org\n"

CASES = [
    # members
    Case(
        member_forms.EmailAuthenticationForm,
        lambda seed, data=None, **kw: member_forms.EmailAuthenticationForm(None, data, **kw),
    ),
    Case(
        member_forms.ProfileForm,
        lambda seed, **kw: member_forms.ProfileForm(instance=seed.world.member, **kw),
        lambda seed: {"display_name": "Mo", "phone": "", "preferred_language": "es"},
    ),
    Case(
        member_forms.ProfileDetailsForm,
        lambda seed, **kw: member_forms.ProfileDetailsForm(instance=seed.world.member, **kw),
        lambda seed: {
            "display_name": "Mo",
            "phone": "555 0102",
            "preferred_language": "en",
            "contact_channel": "sms",
            "contact_consent": "on",
            "languages_spoken": "Spanish",
            "availability": "Evenings",
        },
    ),
    Case(
        member_forms.LanguageForm,
        plain(member_forms.LanguageForm),
        lambda seed: {"language": "es", "next": "/"},
    ),
    Case(
        member_forms.JoinForm,
        plain(member_forms.JoinForm),
        lambda seed: {
            "display_name": "Ana",
            "email": "ana@example.org",
            "phone": "",
            "password": "a-long-pass-phrase-77",
            "message": "Hello",
        },
    ),
    Case(
        member_forms.JoinMessageForm,
        plain(member_forms.JoinMessageForm),
        lambda seed: {"message": "Hello"},
    ),
    Case(
        member_forms.InvitationSignUpForm,
        lambda seed, **kw: member_forms.InvitationSignUpForm(invitation=seed.invitation, **kw),
        lambda seed: {"display_name": "Ivy", "password": "a-long-pass-phrase-77"},
    ),
    Case(
        member_forms.InvitationForm,
        plain(member_forms.InvitationForm),
        lambda seed: {
            "role": "volunteer",
            "email": "x@example.org",
            "days": "7",
            "submission_key": KEY,
        },
    ),
    Case(member_forms.RoleForm, plain(member_forms.RoleForm), lambda seed: {"role": "member"}),
    Case(
        member_forms.MembershipDecisionForm,
        plain(member_forms.MembershipDecisionForm),
        lambda seed: {"action": "approve"},
    ),
    Case(
        member_forms.SkillsForm,
        in_neighborhood(member_forms.SkillsForm),
        lambda seed: {"skills": [seed.skill.pk]},
    ),
    Case(
        member_forms.DirectoryFilterForm,
        in_neighborhood(member_forms.DirectoryFilterForm),
        lambda seed: {"q": "mo", "role": "member", "status": "active", "skill": seed.skill.pk},
    ),
    Case(
        member_forms.ImportUploadForm,
        plain(member_forms.ImportUploadForm),
        lambda seed: {},
        lambda seed: {"file": SimpleUploadedFile("members.csv", CSV, "text/csv")},
    ),
    Case(
        member_forms.ConfirmPasswordForm,
        lambda seed, **kw: member_forms.ConfirmPasswordForm(user=seed.world.member, **kw),
        lambda seed: {"password": PASSWORD, "confirm": "on"},
    ),
    Case(member_forms.TokenForm, plain(member_forms.TokenForm)),
    Case(
        member_forms.NewNeighborhoodForm,
        plain(member_forms.NewNeighborhoodForm),
        lambda seed: {
            "source": seed.own.pk,
            "name": "Northside",
            "slug": "northside",
            "submission_key": KEY,
        },
    ),
    # intake
    *(
        Case(
            form_class,
            in_neighborhood(form_class),
            lambda seed: {
                "visitor": seed.visitor.pk,
                "visitor_version": "1",
                "first_name": "Ana",
                "phone": "555 0101",
                "needs": [c.pk for c in seed.categories],
                "shared": [seed.categories[0].pk],
                "household_size": "3",
                "contact_by": "sms",
                "contact_consent": "on",
                "note": "Private <note>",
                "follow_up": "Call back",
                "follow_up_owner": seed.driver.pk,
                "follow_up_due": future(3),
                "submission_key": KEY,
            },
        )
        for form_class in (intake_forms.VisitForm, intake_forms.NewVisitForm)
    ),
    Case(
        intake_forms.VisitorForm,
        lambda seed, **kw: intake_forms.VisitorForm(instance=seed.visitor, **kw),
        lambda seed: {"version": "1", "first_name": "Ana", "household_size": "2"},
    ),
    Case(intake_forms.PickForm, plain(intake_forms.PickForm), lambda seed: {"visitor": "4"}),
    Case(intake_forms.SearchForm, plain(intake_forms.SearchForm), lambda seed: {"q": "an"}),
    Case(
        intake_forms.SessionForm,
        lambda seed, **kw: intake_forms.SessionForm(instance=seed.session, **kw),
        lambda seed: {
            "date": future(2),
            "starts_at": "10:00",
            "ends_at": "12:30",
            "place": "Hall",
            "notes": "Bring <chairs> & tables",
        },
    ),
    Case(intake_forms.StatusForm, plain(intake_forms.StatusForm), lambda seed: {"status": "open"}),
    Case(
        intake_forms.MergeForm,
        lambda seed, **kw: intake_forms.MergeForm(keep=seed.visitor, **kw),
        lambda seed: {"other": seed.other_visitor.pk},
    ),
    Case(
        intake_forms.FollowUpFilterForm,
        plain(intake_forms.FollowUpFilterForm),
        lambda seed: {"show": "overdue"},
    ),
    Case(
        intake_forms.EraseVisitorForm,
        plain(intake_forms.EraseVisitorForm),
        lambda seed: {"confirm": "on"},
    ),
    # shifts
    Case(
        shift_forms.IntakeTableForm,
        lambda seed, **kw: shift_forms.IntakeTableForm(
            neighborhood=seed.own, day=seed.session.date, **kw
        ),
        lambda seed: {"is_intake_table": "on", "intake_session": seed.session.pk},
    ),
    Case(
        shift_forms.ShiftForm,
        in_neighborhood(shift_forms.ShiftForm),
        lambda seed: {
            "role": "Intake",
            "day": future(5),
            "start_time": "10:00",
            "end_time": "12:00",
            "place": "Hall",
            "capacity": "3",
            "skill": seed.skill.pk,
            "notes": "",
            "submission_key": KEY,
        },
    ),
    *(
        Case(
            form_class,
            in_neighborhood(form_class),
            lambda seed: {
                "role": "Setup",
                "place": "Hall",
                "capacity": "2",
                "frequency": "weekly",
                "interval": "1",
                "weekday": "SA",
                "week_of_month": "1",
                "starts_on": future(7),
                "start_time": "09:00",
                "end_time": "10:00",
                "horizon_weeks": "8",
                "submission_key": KEY,
            },
        )
        for form_class in (shift_forms.SeriesForm, shift_forms.NewSeriesForm)
    ),
    Case(
        shift_forms.CancelSignupForm,
        plain(shift_forms.CancelSignupForm),
        lambda seed: {"note": "Sorry"},
    ),
    Case(
        shift_forms.AssignForm,
        lambda seed, **kw: shift_forms.AssignForm(neighborhood=seed.own, shift=seed.shift, **kw),
        lambda seed: {"person": seed.world.volunteer.pk, "anyway": "on"},
    ),
    Case(
        shift_forms.AttendanceForm,
        plain(shift_forms.AttendanceForm),
        lambda seed: {"attendance": "no-show"},
    ),
    Case(
        shift_forms.CoverageForm,
        plain(shift_forms.CoverageForm),
        lambda seed: {"weeks": "4", "page": "2"},
    ),
    # needs
    Case(
        need_forms.BoardFilterForm,
        with_categories(need_forms.BoardFilterForm),
        lambda seed: {"category": seed.categories[1].pk, "urgency": "urgent", "matches": "on"},
    ),
    Case(
        need_forms.NeedForm,
        with_categories(need_forms.NeedForm),
        lambda seed: {
            "category": seed.categories[0].pk,
            "public_summary": "A bag of rice",
            "urgency": "normal",
            "needed_by": future(4),
            "submission_key": KEY,
        },
    ),
    Case(
        need_forms.NeedEditForm,
        lambda seed, **kw: need_forms.NeedEditForm(
            categories=seed.categories, instance=seed.need, **kw
        ),
        lambda seed: {
            "category": seed.categories[1].pk,
            "public_summary": "Two bags of rice",
            "urgency": "urgent",
            "version": seed.need.updated_at.isoformat(),
        },
    ),
    Case(need_forms.ReleaseForm, plain(need_forms.ReleaseForm), lambda seed: {"reason": "Ill"}),
    Case(need_forms.CloseForm, plain(need_forms.CloseForm), lambda seed: {"reason": "duplicate"}),
    Case(need_forms.ReopenForm, plain(need_forms.ReopenForm), lambda seed: {"reason": ""}),
    Case(
        need_forms.ConnectForm,
        plain(need_forms.ConnectForm),
        lambda seed: {"shared_contact": "Ana, 555 0101"},
    ),
    Case(
        need_forms.OfferForm,
        with_categories(need_forms.OfferForm),
        lambda seed: {
            "category": seed.categories[0].pk,
            "description": "Rides on Saturdays",
            "availability": "Saturdays",
            "submission_key": KEY,
        },
    ),
    Case(
        need_forms.StaleDaysForm,
        lambda seed, **kw: need_forms.StaleDaysForm(
            instance=NeedsSettings(neighborhood=seed.own), **kw
        ),
        lambda seed: {"stale_after_days": "10"},
    ),
    Case(need_forms.DigestForm, plain(need_forms.DigestForm), lambda seed: {"subscribe": "on"}),
    # wcc
    Case(
        idempotency.SubmitOnceForm,
        plain(idempotency.SubmitOnceForm),
        lambda seed: {"submission_key": KEY},
    ),
    # Django's own forms behind our pages (login, password reset and change)
    Case(
        auth_forms.PasswordResetForm,
        plain(auth_forms.PasswordResetForm),
        lambda seed: {"email": "member@example.org"},
    ),
    Case(
        auth_forms.SetPasswordForm,
        lambda seed, **kw: auth_forms.SetPasswordForm(seed.world.member, **kw),
        lambda seed: {"new_password1": "b-long-pass-77", "new_password2": "b-long-pass-77"},
    ),
    Case(
        auth_forms.PasswordChangeForm,
        lambda seed, **kw: auth_forms.PasswordChangeForm(seed.world.member, **kw),
        lambda seed: {
            "old_password": PASSWORD,
            "new_password1": "b-long-pass-77",
            "new_password2": "b-long-pass-77",
        },
    ),
]

"""Forms of the shift pages: every input, GET filters included, goes through one."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from members.models import Membership, Skill, User
from wcc.idempotency import SubmitOnceForm
from wcc.languages import NamesInLanguagesForm
from wcc.recurrence import WEEK_OF_MONTH, WEEKDAYS, build_rule, first_date, parse_rule

from ..models import Pause, Shift, ShiftSeries, Signup
from ..models.shifts import MAX_HORIZON_WEEKS, MAX_SERIES_YEARS

MAX_CAPACITY = 500


def _skills(neighborhood):
    return Skill.objects.filter(neighborhood=neighborhood)


def _session_model():
    """IntakeSession, reached through the link: mutualaid never imports intake."""
    return Shift._meta.get_field("intake_session").related_model


def _intake_sessions(neighborhood, keep=None):
    """The neighborhood's sessions not closed yet (and the one linked now, if any)."""
    sessions = _session_model().objects.filter(neighborhood=neighborhood)
    chosen = ~Q(status="closed") | Q(pk=keep.pk) if keep else ~Q(status="closed")
    return sessions.filter(chosen).order_by("date", "starts_at", "pk")


def check_session_date(form: forms.Form, cleaned: dict, day: date | None) -> None:
    """A shift is linked only to a session of its own date."""
    session = cleaned.get("intake_session")
    if session and day and session.date != day:
        form.add_error("intake_session", _("Choose a session on the shift's date."))


class IntakeSessionField(forms.ModelChoiceField):
    def label_from_instance(self, session) -> str:
        place = f", {session.place}" if session.place else ""
        start, end = session.starts_at.strftime("%H:%M"), session.ends_at.strftime("%H:%M")
        date = date_format(session.date, str(_("D j M Y")))
        return f"{date}, {start}–{end}{place} · {session.get_status_display()}"


class IntakeTableForm(forms.Form):
    """Is a shift the intake table, and which intake session is it linked to (if any)?"""

    is_intake_table = forms.BooleanField(
        label=_("People on this shift staff the intake table"),
        required=False,
        help_text=_("On the shift's day they can open the day's intake session from it."),
    )
    intake_session = IntakeSessionField(
        label=_("Intake session (optional)"),
        queryset=Shift.objects.none(),  # set per neighborhood in __init__
        required=False,
        empty_label=_("None: opening the table from the shift makes one"),
        help_text=_("A session already planned for the shift's date, to open from the shift."),
    )

    def __init__(self, *args, neighborhood, day: date | None = None, keep=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.neighborhood, self.day = neighborhood, day
        self.fields["intake_session"].queryset = _intake_sessions(neighborhood, keep)

    def clean(self):
        cleaned = super().clean()
        check_session_date(self, cleaned, self.day)
        return cleaned

    @classmethod
    def for_shift(cls, shift, data=None) -> IntakeTableForm:
        initial = {"is_intake_table": shift.is_intake_table, "intake_session": shift.intake_session}
        return cls(
            data,
            neighborhood=shift.neighborhood,
            day=shift.local_day(),
            keep=shift.intake_session,
            initial=initial,
        )


class TimesMixin:
    def check_times(self, cleaned: dict) -> None:
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end must be after the start."))


class ShiftForm(NamesInLanguagesForm, TimesMixin, SubmitOnceForm):
    names_in_languages = {"role": "role_names"}
    role = forms.CharField(
        label=_("Role"),
        max_length=80,
        help_text=_("For example intake table, setup, translation, delivery driver."),
    )
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Where"), max_length=200)
    capacity = forms.IntegerField(
        label=_("How many people"),
        min_value=1,
        max_value=MAX_CAPACITY,
        help_text=_("The number of volunteers the shift needs."),
    )
    skill = forms.ModelChoiceField(
        label=_("Skill needed"), queryset=Skill.objects.none(), required=False
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea
    )
    is_intake_table = IntakeTableForm.base_fields["is_intake_table"]
    intake_session = IntakeTableForm.base_fields["intake_session"]

    def __init__(self, *args, neighborhood, **kwargs):
        super().__init__(*args, **kwargs)
        self.neighborhood = neighborhood
        self.fields["skill"].queryset = _skills(neighborhood)
        self.fields["intake_session"].queryset = _intake_sessions(neighborhood)
        self.add_language_fields()

    def clean(self):
        cleaned = super().clean()
        self.check_times(cleaned)
        day = cleaned.get("day")
        check_session_date(self, cleaned, day)
        today = timezone.localdate(timezone=self.neighborhood.zone)
        if day and day < today:
            self.add_error("day", _("Choose today or a later date."))
        elif day and (day - today).days > 366 * MAX_SERIES_YEARS:
            self.add_error("day", _("Choose a date within the coming two years."))
        return cleaned

    def shift_fields(self) -> dict:
        data = self.cleaned_data
        zone = self.neighborhood.zone
        return {
            "role": data["role"],
            **self.language_fields(),
            "starts_at": datetime.combine(data["day"], data["start_time"], tzinfo=zone),
            "ends_at": datetime.combine(data["day"], data["end_time"], tzinfo=zone),
            "place": data["place"],
            "capacity": data["capacity"],
            "skill": data["skill"],
            "notes": data["notes"],
            "is_intake_table": data["is_intake_table"],
            "intake_session": data["intake_session"],
        }


class SeriesForm(NamesInLanguagesForm, TimesMixin, forms.Form):
    """A recurring shift, its fields in the order a person says it: what, how often,
    which day, from when, at what time, where, how many people. The repeat's own
    fields (every how many weeks; which one in the month) are only for their kind of
    repeat: static/js/series_form.js hides the other one, and ``clean`` asks only
    for the one the repeat needs (without JavaScript both show, with hints)."""

    names_in_languages = ShiftForm.names_in_languages
    role = ShiftForm.base_fields["role"]
    frequency = forms.ChoiceField(
        label=_("Repeats"),
        choices=[("weekly", _("every week or every few weeks")), ("monthly", _("once a month"))],
    )
    interval = forms.IntegerField(
        label=_("Every how many weeks"),
        min_value=1,
        max_value=8,
        initial=1,
        required=False,
        help_text=_("1 is every week, 2 every other week. Only for weekly repeats."),
    )
    week_of_month = forms.ChoiceField(
        label=_("Which one in the month"),
        choices=WEEK_OF_MONTH,
        initial="1",
        required=False,
        help_text=_("For example the first Saturday. Only for monthly repeats."),
    )
    weekday = forms.ChoiceField(label=_("Day of the week"), choices=WEEKDAYS, initial="SA")
    starts_on = forms.DateField(
        label=_("First date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Last date (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("At most two years after the first date; leave empty to keep going."),
    )
    start_time = ShiftForm.base_fields["start_time"]
    end_time = ShiftForm.base_fields["end_time"]
    place = ShiftForm.base_fields["place"]
    capacity = forms.IntegerField(
        label=_("How many people"),
        min_value=1,
        max_value=MAX_CAPACITY,
        help_text=_("The number of volunteers each shift needs."),
    )
    skill = forms.ModelChoiceField(
        label=_("Skill needed"), queryset=Skill.objects.none(), required=False
    )
    notes = ShiftForm.base_fields["notes"]
    is_intake_table = IntakeTableForm.base_fields["is_intake_table"]
    horizon_weeks = forms.IntegerField(
        label=_("Create shifts how many weeks ahead"),
        min_value=1,
        max_value=MAX_HORIZON_WEEKS,
        initial=8,
    )

    # The fields of one kind of repeat only, by repeat (read by series_form.js too).
    REPEAT_ONLY = {"interval": "weekly", "week_of_month": "monthly"}

    def __init__(self, *args, neighborhood, **kwargs):
        super().__init__(*args, **kwargs)
        self.neighborhood = neighborhood
        self.fields["skill"].queryset = _skills(neighborhood)
        for name, frequency in self.REPEAT_ONLY.items():
            self.fields[name].widget.attrs["data-only-for"] = frequency
        self.add_language_fields()

    def clean(self):
        cleaned = super().clean()
        self.check_times(cleaned)
        frequency = cleaned.get("frequency")
        if (
            frequency == "weekly"
            and cleaned.get("interval") is None
            and "interval" not in self.errors
        ):
            self.add_error("interval", _("Say every how many weeks: 1 is every week."))
        if frequency == "monthly" and not cleaned.get("week_of_month"):
            self.add_error("week_of_month", _("Choose which one in the month, such as the first."))
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        today = timezone.localdate(timezone=self.neighborhood.zone)
        if starts_on and not (date(2000, 1, 1) <= starts_on <= today + timedelta(days=366)):
            self.add_error("starts_on", _("Choose a first date within the coming year."))
            starts_on = None
        if starts_on and ends_on:
            if ends_on < starts_on:
                self.add_error("ends_on", _("The last date must be on or after the first date."))
            elif (ends_on - starts_on).days > 365 * MAX_SERIES_YEARS + 1:
                self.add_error(
                    "ends_on",
                    _(
                        "A series can run at most two years. Choose an earlier last date, "
                        "or leave it empty and the shifts are created a few weeks ahead."
                    ),
                )
        if self.errors or not starts_on:
            return cleaned
        cleaned["rule"] = build_rule(
            frequency=cleaned["frequency"],
            interval=cleaned["interval"],
            weekday=cleaned["weekday"],
            week_of_month=cleaned["week_of_month"],
            ends_on=ends_on,
        )
        if first_date(cleaned["rule"], starts_on) is None:
            self.add_error(
                None,
                _("This rule gives no dates between the first and the last date. Check the day."),
            )
        return cleaned

    def series_fields(self) -> dict:
        data = self.cleaned_data
        names = ("role", "place", "capacity", "skill", "notes", "starts_on", "start_time")
        names += ("is_intake_table",)
        fields = {name: data[name] for name in names}
        fields.update(
            end_time=data["end_time"], rule=data["rule"], horizon_weeks=data["horizon_weeks"]
        )
        fields.update(self.language_fields())
        return fields

    def preview(self, *, editing: ShiftSeries | None = None) -> ShiftSeries | None:
        """The series as filled in, unsaved (None while the form has errors): its
        ``next_dates()`` and ``overlapping()`` are what the preview shows."""
        if not self.is_valid():
            return None
        return ShiftSeries(
            neighborhood=self.neighborhood,
            pk=editing.pk if editing else None,
            **self.series_fields(),
        )

    @classmethod
    def initial_for(cls, series) -> dict:
        initial = {
            name: getattr(series, name)
            for name in (
                "role",
                "place",
                "capacity",
                "notes",
                "starts_on",
                "start_time",
                "is_intake_table",
            )
        }
        initial.update(
            end_time=series.end_time,
            skill=series.skill_id,
            horizon_weeks=series.horizon_weeks,
            **parse_rule(series.rule),
            **cls.initial_names("role", series.role_names),
        )
        return initial


class NewSeriesForm(SubmitOnceForm, SeriesForm):
    def __init__(self, *args, neighborhood, **kwargs):
        super().__init__(*args, neighborhood=neighborhood, **kwargs)
        # The neighborhood's usual place: where most of its shifts are, else where
        # its table meets.
        usual = Shift.objects.of(neighborhood).usual_place() or neighborhood.meeting_place
        self.fields["place"].initial = usual


class CancelSignupForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the coordinator (optional)"), required=False, max_length=300
    )


class PauseForm(forms.Form):
    starts_on = forms.DateField(
        label=_("Away from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Back after"),
        help_text=_("The last day you are away."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_starts_on(self):
        starts_on = self.cleaned_data["starts_on"]
        if starts_on < self.today:
            raise forms.ValidationError(_("A pause starts today or later."))
        return starts_on

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The pause must end on or after its first day."))
        if starts_on and ends_on and (ends_on - starts_on).days > 366:
            self.add_error("ends_on", _("A pause lasts at most a year."))
        return cleaned


class GiveUpPlaceForm(CancelSignupForm):
    """The signed-in "I can't make it": sent once without ``confirmed`` (the page then
    asks, keeping the note), once with it."""

    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class RemoveSignupForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the volunteer (optional)"),
        help_text=_("Sent with the message that tells them."),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PersonChoiceField(forms.ModelChoiceField):
    """People by name; those without the shift's skill are marked in the list."""

    without_skill: str = ""
    skilled_ids: frozenset = frozenset()

    def label_from_instance(self, obj) -> str:
        if self.without_skill and obj.pk not in self.skilled_ids:
            return f"{obj} ({self.without_skill})"
        return str(obj)


class AssignForm(forms.Form):
    """A coordinator may put anyone of the neighborhood on a shift; when the shift needs
    a skill the person lacks, the form asks to confirm it with the "anyway" box."""

    person = PersonChoiceField(label=_("Volunteer"), queryset=User.objects.none())
    anyway = forms.BooleanField(label=_("Put them on even without the skill"), required=False)

    def __init__(self, *args, neighborhood, shift=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.shift = shift
        members = Membership.objects.active().in_neighborhood(neighborhood)
        field = self.fields["person"]
        field.queryset = User.objects.filter(pk__in=members.values("user_id")).order_by(
            "display_name"
        )
        if shift is not None and shift.skill_id:
            field.skilled_ids = frozenset(
                members.filter(skills=shift.skill_id).values_list("user_id", flat=True)
            )
            field.without_skill = _("without %(skill)s") % {"skill": shift.skill}
        else:
            del self.fields["anyway"]

    def clean(self):
        cleaned = super().clean()
        person = cleaned.get("person")
        field = self.fields["person"]
        if (
            person is not None
            and field.without_skill
            and person.pk not in field.skilled_ids
            and not cleaned.get("anyway")
        ):
            self.add_error(
                "anyway",
                _(
                    "%(name)s does not have the skill this shift needs (%(skill)s). "
                    "Tick the box to put them on anyway."
                )
                % {"name": person, "skill": self.shift.skill},
            )
        if (
            person is not None
            and self.shift is not None
            and Pause.objects.covering(self.shift).filter(user=person).exists()
        ):
            self.add_error(
                "person",
                _(
                    "%(name)s is paused on this day. End their pause from their page "
                    "first if they can come after all."
                )
                % {"name": person},
            )
        return cleaned


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(label=_("Attendance"), choices=Signup.Attendance.choices)


class CoverageForm(forms.Form):
    weeks = forms.IntegerField(label=_("Weeks ahead"), min_value=1, max_value=26, initial=4)
    short = forms.BooleanField(label=_("Only shifts short of people"), required=False)
    page = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    # The past weeks instead of the coming ones (a link on the page sets it).
    past = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.data.get("past"):
            self.fields["weeks"].label = _("Weeks back")

    def short_only(self) -> bool:
        """The coordinator's home links here with ``short=on`` beside its count."""
        return self.is_valid() and self.cleaned_data["short"]

    def weeks_and_page(self) -> tuple[int, int]:
        if not self.is_valid():
            return 4, 1
        return self.cleaned_data["weeks"], self.cleaned_data["page"] or 1

    def is_past(self) -> bool:
        return self.is_valid() and self.cleaned_data["past"]


def today_in(neighborhood) -> date:
    return timezone.localdate(timezone=neighborhood.zone)

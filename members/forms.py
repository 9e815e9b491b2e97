import uuid

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wcc.idempotency import SubmitOnceForm

from . import spreadsheets
from .models import (
    ContactChannel,
    Invitation,
    Membership,
    Neighborhood,
    NotificationChoice,
    Role,
    Skill,
    User,
    phone_validator,
)
from .notification_kinds import KINDS


def idle_time(minutes: int) -> str:
    """ "4 hours" or "90 minutes", in the current language."""
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def lockout_username(request, credentials: dict | None) -> str | None:
    """The account that django-axes counts failures against: the email, lower-cased."""
    source = credentials if credentials is not None else request.POST
    username = (source or {}).get("username")
    return username.strip().lower() if isinstance(username, str) else None


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form, labelled for email addresses and phones."""

    username = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    shared_device = forms.BooleanField(
        label=_("This is a shared device"),
        required=False,
    )
    error_messages = {
        "invalid_login": _(
            "That email address and password do not match an account. "
            "Check both and try again; the password is case-sensitive."
        ),
        "inactive": _("This account is switched off. Ask a coordinator."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shared_device"].help_text = _(
            "For a phone or computer that other people use too: you are signed out when "
            "the browser closes, or after %(idle)s without use."
        ) % {"idle": idle_time(settings.WCC_STAFF_IDLE_MINUTES)}


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "phone", "preferred_language"]
        widgets = {
            "display_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }
        help_texts = {
            "display_name": _("How other people in the network see you."),
            "phone": _("Optional. Used only if you choose to be reached by text message."),
            "preferred_language": _("Pages and messages reach you in this language."),
        }

    def clean_display_name(self):
        # Collapse runs of spaces that phones' autocorrect leaves behind.
        return " ".join(self.cleaned_data["display_name"].split())


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class ProfileDetailsForm(ProfileForm):
    """The whole profile: contact preferences and consent, languages, availability."""

    contact_consent = forms.BooleanField(
        label=_("I agree to be contacted with reminders and news of my neighborhood"),
        required=False,
    )

    class Meta(ProfileForm.Meta):
        fields = [
            "display_name",
            "phone",
            "preferred_language",
            "contact_channel",
            "languages_spoken",
            "availability",
            "join_request_notices",
        ]
        widgets = {
            **ProfileForm.Meta.widgets,
            "contact_channel": forms.RadioSelect,
            "availability": forms.Textarea(attrs={"rows": 2}),
            "join_request_notices": forms.RadioSelect,
        }

    def __init__(self, *args, coordinator: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_consent"].initial = self.instance.contact_consent_at is not None
        if not coordinator:  # only coordinators hear of requests to join
            del self.fields["join_request_notices"]

    def clean(self):
        cleaned = super().clean()
        channel = cleaned.get("contact_channel")
        if channel == ContactChannel.SMS and not cleaned.get("phone"):
            self.add_error("phone", _("Add a phone number to be reached by text message."))
        if channel in {ContactChannel.SMS, ContactChannel.EMAIL} and not cleaned.get(
            "contact_consent"
        ):
            self.add_error(
                "contact_consent",
                _("Tick this box to be reached this way, or choose “do not contact me”."),
            )
        return cleaned

    def save(self, commit=True):
        user = super().save(commit=False)
        if self.cleaned_data["contact_consent"]:
            user.contact_consent_at = user.contact_consent_at or timezone.now()
        else:
            user.contact_consent_at = None
        if commit:
            user.save()
        return user


class JoinForm(forms.Form):
    """Asking to join a neighborhood, with a new account."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("A first name is enough."),
    )
    email = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=32,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("Optional."),
    )
    password = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=True),
        help_text=_("At least 8 characters; not only numbers."),
    )
    message = forms.CharField(
        label=_("Anything the coordinators should know?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError(_("This field is required."))
        return name

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password"):
            user = User(
                email=cleaned.get("email", ""), display_name=cleaned.get("display_name", "")
            )
            try:
                password_validation.validate_password(cleaned["password"], user)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class JoinMessageForm(forms.Form):
    """Asking to join with the account one is logged in with."""

    message = JoinForm.base_fields["message"]


class InvitationSignUpForm(JoinForm):
    """Accepting an invitation with a new account (no message, no phone).

    It never says whether an email address has an account: actions.start_invitation_sign_up
    answers every address the same way, by mail."""

    def __init__(self, *args, invitation=None, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["message"], self.fields["phone"]
        if invitation is not None and invitation.email:
            self.fields["email"].initial = invitation.email
            self.fields["email"].disabled = True


class InvitationForm(SubmitOnceForm, forms.ModelForm):
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=60, initial=Invitation.DEFAULT_DAYS
    )

    class Meta:
        model = Invitation
        fields = ["role", "email"]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class MembershipDecisionForm(forms.Form):
    ACTIONS = {
        "approve": _("Approve"),
        "decline": _("Decline"),
        "deactivate": _("Make inactive"),
        "reactivate": _("Make active again"),
    }
    action = forms.ChoiceField(choices=list(ACTIONS.items()))


class SkillsForm(forms.Form):
    skills = forms.ModelMultipleChoiceField(
        label=_("My skills"),
        queryset=Skill.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, neighborhood, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = Skill.objects.filter(neighborhood=neighborhood)


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, email or phone"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Role"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    skill = forms.ModelChoiceField(
        label=_("Skill"), queryset=Skill.objects.none(), required=False, empty_label=_("any")
    )
    language = forms.CharField(label=_("Speaks"), required=False, max_length=50)

    def __init__(self, *args, neighborhood, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = Skill.objects.filter(neighborhood=neighborhood)
        self.fields["role"].choices = [("", _("any"))] + Role.choices
        self.fields["status"].choices = [("", _("any"))] + Membership.Status.choices

    def filter(self, memberships):
        if not self.is_valid():
            return memberships.none()
        data = self.cleaned_data
        memberships = memberships.search(data["q"])
        if data["role"]:
            memberships = memberships.filter(role=data["role"])
        if data["status"]:
            memberships = memberships.filter(status=data["status"])
        if data["skill"]:
            memberships = memberships.filter(skills=data["skill"])
        if data["language"].strip():
            memberships = memberships.speaking(data["language"])
        return memberships


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "The first line names the columns: name, email, phone, role, skills "
            "(separated by ;), languages, availability. Save from your spreadsheet as CSV UTF-8."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.WCC_IMPORT_MAX_BYTES
        # The size is known from the upload itself: refuse before reading it into memory.
        if upload.size > limit:
            raise forms.ValidationError(
                _(
                    "This file is %(size)s KB; the limit is %(limit)s KB. "
                    "Split it into smaller files."
                )
                % {"size": upload.size // 1024, "limit": limit // 1024}
            )
        try:
            self.parsed = spreadsheets.parse(upload.read())
        except spreadsheets.FileProblem as problem:
            raise forms.ValidationError(str(problem)) from problem
        return upload


class ConfirmPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand this cannot be undone."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("The 6-digit code from your app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
    )

    def __init__(self, *args, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("Type the 6 digits your app shows."))
        if self.device is None or not self.device.verify_token(token):
            raise forms.ValidationError(
                _("That code is not right or has expired. Type the code your app shows now.")
            )
        return token


class NewNeighborhoodForm(SubmitOnceForm, forms.Form):
    source = forms.ModelChoiceField(
        label=_("Copy the setup of"), queryset=Neighborhood.objects.all()
    )
    name = forms.CharField(label=_("Name"), max_length=100)
    slug = forms.SlugField(
        label=_("Short name for links"),
        max_length=60,
        help_text=_("Lower-case letters, numbers and hyphens, for example “northside”."),
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if Neighborhood.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("A neighborhood with this name exists."))
        return name

    def clean_slug(self):
        slug = self.cleaned_data["slug"].lower()
        if Neighborhood.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("This short name is taken."))
        return slug


class TryTextReplyForm(forms.Form):
    """A text typed into the page, as if sent from the person's phone (the file backend
    of the demo). The hidden id is new for every render, as a provider's message id is
    for every text, so a double submit is one text."""

    body = forms.CharField(label=_("Your text message"), max_length=1600, required=False)
    message_id = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["message_id"] = "try-" + uuid.uuid4().hex


class NotificationChoicesForm(forms.Form):
    """One field per kind of message the person can direct: the profile's channel (the
    default, stored as no row), email, text message, or none where the kind allows it."""

    DEFAULT = ""

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        chosen = NotificationChoice.objects.chosen(user)
        usual = ContactChannel(user.contact_channel).label
        coordinator = user.memberships.active().filter(role=Role.COORDINATOR).exists()
        for info in KINDS.values():
            if not info.choosable or (info.coordinators_only and not coordinator):
                continue
            choices = [
                (self.DEFAULT, _("As my profile says (%(channel)s)") % {"channel": usual}),
                (NotificationChoice.Channel.EMAIL, NotificationChoice.Channel.EMAIL.label),
                (NotificationChoice.Channel.SMS, NotificationChoice.Channel.SMS.label),
            ]
            if info.can_turn_off:
                choices.append(
                    (NotificationChoice.Channel.NONE, NotificationChoice.Channel.NONE.label)
                )
            self.fields[info.key] = forms.ChoiceField(
                label=info.label,
                help_text=info.help_text if info.can_turn_off else info.why_always,
                choices=choices,
                required=False,
                initial=chosen.get(info.key, self.DEFAULT),
                widget=forms.RadioSelect,
            )

    def clean(self):
        cleaned = super().clean()
        for kind, channel in list(cleaned.items()):
            if channel != NotificationChoice.Channel.SMS:
                continue
            if not self.user.phone:
                self.add_error(kind, _("Add a phone number in your profile to get these by text."))
            elif self.user.contact_consent_at is None:
                self.add_error(
                    kind,
                    _("Texts need your agreement to be contacted: tick it in your profile."),
                )
        return cleaned

    def save(self) -> None:
        for kind, channel in self.cleaned_data.items():
            NotificationChoice.objects.choose(self.user, kind, channel)


class UnsubscribeForm(forms.Form):
    """A one-click unsubscribe as RFC 8058 has mail clients post it (the body
    ``List-Unsubscribe=One-Click``), or the page's button that undoes it (``restore``)."""

    ONE_CLICK = "List-Unsubscribe"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.ONE_CLICK] = forms.ChoiceField(
            choices=[("One-Click", "One-Click")], required=False
        )
        self.fields["restore"] = forms.BooleanField(required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get(self.ONE_CLICK) and not cleaned.get("restore"):
            raise forms.ValidationError(_("This is not a request to stop or restore messages."))
        return cleaned

    @property
    def restores(self) -> bool:
        return bool(self.cleaned_data.get("restore")) and not self.cleaned_data.get(self.ONE_CLICK)

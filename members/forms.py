from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import User


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
    error_messages = {
        "invalid_login": _(
            "That email address and password do not match an account. "
            "Check both and try again; the password is case-sensitive."
        ),
        "inactive": _("This account is switched off. Ask a coordinator."),
    }


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

"""Remember each signed-in browser, so its person can see and end it; and keep the
signed-in snapshot (members.signed_in) in step with the rows it was read from.

Login and logout are Django's own events; these receivers only keep the small
UserSession table and the snapshot stamps in step with them (no business rules here).
"""

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver


@receiver(user_logged_in, dispatch_uid="members.track_session")
def track_session(sender, request, user, **kwargs):
    from .access import session_idle_limit
    from .models import UserSession

    session = getattr(request, "session", None)
    if session is None:
        return
    if session.session_key is None:
        session.save()
    agent = request.META.get("HTTP_USER_AGENT", "")[:200]
    shared = bool(session.get(UserSession.SHARED_KEY))
    session[UserSession.SEEN_KEY] = int(time.time())
    UserSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "device": agent,
            "idle_limit": session_idle_limit(user, shared_device=shared),
        },
    )


@receiver(user_logged_out, dispatch_uid="members.forget_session")
def forget_session(sender, request, user, **kwargs):
    from .models import UserSession

    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        UserSession.objects.filter(session_key=session.session_key).delete()


# --- The signed-in snapshot (members.signed_in) follows what it was read from --------


def _person_of(instance):
    from .models import User

    return instance.pk if isinstance(instance, User) else getattr(instance, "user_id", None)


@receiver(post_save, dispatch_uid="members.signed_in_person_saved")
@receiver(post_delete, dispatch_uid="members.signed_in_person_deleted")
def signed_in_snapshot_is_stale(sender, instance, **kwargs):
    """A saved or deleted account, membership or two-factor device: that person's
    snapshot is stale; a saved or deleted neighborhood: everyone's is."""
    from django_otp.models import Device

    from . import signed_in
    from .models import Membership, Neighborhood, User

    if isinstance(instance, Neighborhood):
        signed_in.neighborhoods_changed()
    elif isinstance(instance, User | Membership | Device):
        signed_in.person_changed(_person_of(instance))

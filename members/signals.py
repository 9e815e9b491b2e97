"""Remember each signed-in browser, so its person can see and end it.

Login and logout are Django's own events; these receivers only keep the small
UserSession table in step with them (no business rules live here).
"""

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out
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

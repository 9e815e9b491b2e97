"""``{% why_always "account" %}``: the line at the foot of a mail that cannot be turned
off, for the mails not sent through ``notify`` (invitations, password resets), in the
same words as the kind's entry in members/notification_kinds.py."""

from django import template

from members.notification_kinds import kind_info

register = template.Library()


@register.simple_tag
def why_always(kind: str) -> str:
    return str(kind_info(kind).why_always)

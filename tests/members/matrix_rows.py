from members.notifications import unsubscribe_token
from tests.matrix import LOGIN, Row, at_least, everyone, logged_in, own_neighborhood


def members_unsubscribe_link(world) -> dict:
    return {"token": unsubscribe_token(world.member, "standin_requests")}


ROWS = [
    Row(
        "home",
        {
            **everyone(200),
            "member": 302,
            "volunteer": 302,
            "coordinator": 302,
            "other_coordinator": 302,
        },
    ),
    Row("neighborhood_home", at_least("member"), kwargs=own_neighborhood),
    Row("set_language", everyone(302), method="post", data={"language": "es", "next": "/"}),
    Row("profile", logged_in(200)),
    Row("login", {**everyone(302), "anonymous": 200}),
    Row("logout", everyone(302), method="post"),
    Row("password_change", logged_in(200)),
    Row("password_change_done", logged_in(200)),
    Row("password_reset", everyone(200)),
    Row("password_reset_done", everyone(200)),
    Row(
        "password_reset_confirm",
        everyone(200),
        kwargs=lambda world: {"uidb64": "MQ", "token": "not-a-token"},
    ),
    Row("password_reset_complete", everyone(200)),
    # The SMS provider's webhooks: without the provider's signature, 403 for anyone.
    Row("sms_inbound", everyone(403), method="post", data={"MessageSid": "SM1", "Body": "STOP"}),
    Row("sms_status", everyone(403), method="post", data={"MessageSid": "SM1"}),
    Row("sms_try", logged_in(200)),
    Row("notification_choices", logged_in(200)),
    Row("notification_choices", logged_in(302), method="post", data={"need_digests": "none"}),
    # An email's one-click link: the signed token is the key, for anyone holding it.
    Row("unsubscribe", everyone(200), kwargs=members_unsubscribe_link),
    Row(
        "unsubscribe",
        everyone(200),
        kwargs=members_unsubscribe_link,
        method="post",
        data={"List-Unsubscribe": "One-Click"},
    ),
    Row(
        "unsubscribe",
        everyone(400),
        kwargs=lambda world: {"token": "not-a-token"},
        label="GET unsubscribe with a bad token",
    ),
]

__all__ = ["ROWS", "LOGIN"]

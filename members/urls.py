from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .views import signin

urlpatterns = [
    path("", views.home, name="home"),
    path("n/<slug:slug>/", views.neighborhood_home, name="neighborhood_home"),
    # Joining (public: no login)
    path("n/<slug:slug>/join/", views.neighborhood_public, name="neighborhood_public"),
    path("n/<slug:slug>/join/thanks/", views.join_thanks, name="join_thanks"),
    path("join/", views.join_list, name="join_list"),
    path("join/confirm/<str:token>/", views.join_confirm, name="join_confirm"),
    path("invite/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("invite-confirm/<str:token>/", views.invitation_confirm, name="invitation_confirm"),
    # A member's own place in a neighborhood
    path("n/<slug:slug>/me/", views.my_membership, name="my_membership"),
    path("n/<slug:slug>/me/leave/", views.leave_neighborhood, name="leave_neighborhood"),
    path("n/<slug:slug>/me/left/", views.neighborhood_left, name="neighborhood_left"),
    # Coordinators
    path("n/<slug:slug>/members/", views.member_directory, name="member_directory"),
    path("n/<slug:slug>/members/export.csv", views.member_export, name="member_export"),
    path("n/<slug:slug>/members/<int:pk>/", views.member_detail, name="member_detail"),
    path("n/<slug:slug>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("n/<slug:slug>/members/<int:pk>/status/", views.member_status, name="member_status"),
    path("n/<slug:slug>/members/import/", views.member_import, name="member_import"),
    path(
        "n/<slug:slug>/members/import/<int:pk>/",
        views.member_import_detail,
        name="member_import_detail",
    ),
    path(
        "n/<slug:slug>/members/import/<int:pk>/confirm/",
        views.member_import_confirm,
        name="member_import_confirm",
    ),
    path("n/<slug:slug>/invitations/", views.invitations, name="invitations"),
    path(
        "n/<slug:slug>/invitations/<int:pk>/withdraw/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    # Network admins
    path("network/", views.network_overview, name="network_overview"),
    path("network/neighborhoods/new/", views.neighborhood_new, name="neighborhood_new"),
    # A person's own account
    path("accounts/my-data/", views.my_data, name="my_data"),
    path("accounts/my-data/download/", views.my_data_download, name="my_data_download"),
    path("accounts/erase/", views.erase_account, name="erase_account"),
    path("accounts/sessions/", views.sessions, name="sessions"),
    path("accounts/sessions/<int:pk>/end/", views.session_end, name="session_end"),
    path("accounts/sessions/end-others/", views.sessions_end_others, name="sessions_end_others"),
    path("accounts/two-factor/", views.two_factor, name="two_factor"),
    path("accounts/two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("accounts/two-factor/disable/", views.two_factor_disable, name="two_factor_disable"),
    path("language/", views.set_language, name="set_language"),
    # The SMS provider's webhooks (signed by the provider; no session, no CSRF token)
    path("sms/inbound/", views.sms_inbound, name="sms_inbound"),
    path("sms/status/", views.sms_status, name="sms_status"),
    path("accounts/texts/try/", views.sms_try, name="sms_try"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/notifications/", views.notification_choices, name="notification_choices"),
    # An email's one-click unsubscribe link (signed; no session, no CSRF token)
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "accounts/login/",
        signin.LoginView.as_view(),
        name="login",
    ),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/change/",
        signin.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(
            html_email_template_name=None,
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        signin.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

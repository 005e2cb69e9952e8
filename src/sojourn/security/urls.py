from django.urls import path

from sojourn.security import views

urlpatterns = [
    path("login/verify/", views.verify, name="mfa-verify"),
    path("account/mfa/", views.mfa_status, name="mfa"),
    path("account/mfa/setup/", views.setup, name="mfa-setup"),
    path("account/mfa/recovery-codes/", views.recovery_codes, name="mfa-recovery-codes"),
    path("account/mfa/remove/", views.remove, name="mfa-remove"),
    path("account/confirm/", views.reauthenticate, name="reauthenticate"),
    path("account/sessions/", views.session_list, name="sessions"),
    path("account/sessions/<int:session_id>/end/", views.session_end, name="session-end"),
]

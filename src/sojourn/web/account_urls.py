"""Everyone's account pages; included at the site root."""

from django.contrib.auth import views as auth_views
from django.urls import path

from sojourn.web import account as views
from sojourn.web.password import PasswordChangeView

urlpatterns = [
    path("account/", views.account, name="account"),
    path("account/tokens/", views.create_token, name="account-token-create"),
    path("account/tokens/<int:token_id>/revoke/", views.revoke_token, name="account-token-revoke"),
    path("account/feed/", views.rotate_feed, name="account-feed-rotate"),
    path("account/feed/names/", views.choose_feed_names, name="account-feed-names"),
    # Django's own views; they require a signed-in user and keep the session after the change.
    # Changing the password also revokes the person's tokens and calendar address (confirmed).
    path("account/password/", PasswordChangeView.as_view(), name="password_change"),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]

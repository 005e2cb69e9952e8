from django.urls import path

from sojourn.directives import views

urlpatterns = [
    path("oversight/", views.dashboard, name="oversight-dashboard"),
    path("policies/", views.policy_list, name="policy-list"),
    path("policies/new/", views.policy_new, name="policy-new"),
    path("policies/new/issue/", views.policy_issue, name="policy-issue"),
    path("policies/<int:pk>/", views.policy_detail, name="policy-detail"),
    path("directives/", views.directive_list, name="directive-list"),
    path("directives/advisory/new/", views.advisory_new, name="advisory-new"),
    path("directives/instruction/cancel/", views.instruction_cancel, name="instruction-cancel"),
    path("directives/instruction/hold/", views.instruction_hold, name="instruction-hold"),
    path("directives/runs/<int:pk>/", views.run_detail, name="run-detail"),
    path("directives/runs/<int:pk>/progress/", views.run_progress, name="run-progress"),
    path("directives/runs/<int:pk>/run/", views.run_now, name="run-now"),
]

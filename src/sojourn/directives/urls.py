from django.urls import path

from sojourn.directives.views import directive_pages, policy_pages, run_pages

urlpatterns = [
    path("oversight/", policy_pages.dashboard, name="oversight-dashboard"),
    path("policies/", policy_pages.policy_list, name="policy-list"),
    path("policies/new/", policy_pages.policy_new, name="policy-new"),
    path("policies/new/issue/", policy_pages.policy_issue, name="policy-issue"),
    path("policies/<int:pk>/", policy_pages.policy_detail, name="policy-detail"),
    path("directives/", directive_pages.directive_list, name="directive-list"),
    path("directives/advisory/new/", directive_pages.advisory_new, name="advisory-new"),
    path(
        "directives/instruction/cancel/",
        directive_pages.instruction_cancel,
        name="instruction-cancel",
    ),
    path("directives/instruction/hold/", directive_pages.instruction_hold, name="instruction-hold"),
    path("directives/runs/<int:pk>/", run_pages.run_detail, name="run-detail"),
    path("directives/runs/<int:pk>/progress/", run_pages.run_progress, name="run-progress"),
    path("directives/runs/<int:pk>/run/", run_pages.run_now, name="run-now"),
]

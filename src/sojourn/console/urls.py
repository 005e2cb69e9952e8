"""The console's addresses, under the `console` namespace."""

from django.urls import path

from sojourn.console.views import debriefs, people, review, watch

app_name = "console"

urlpatterns = [
    path("review/", review.review_queue, name="review-queue"),
    path("review/<int:trip_id>/", review.review_decision, name="review-decision"),
    path("watch/", watch.watch_list, name="watch"),
    path(
        "watch/escalations/<int:escalation_id>/close/",
        watch.close_escalation,
        name="close-escalation",
    ),
    path("watch/late-reports/<int:trip_id>/follow-up/", watch.follow_up, name="follow-up"),
    path("debriefs/", debriefs.debrief_queue, name="debrief-queue"),
    path("debriefs/<int:trip_id>/", debriefs.debrief_review, name="debrief-review"),
    path("people/", people.people_list, name="people"),
    path("people/<int:user_id>/", people.person_detail, name="person"),
]

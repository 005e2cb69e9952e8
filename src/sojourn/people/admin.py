from django.contrib import admin

from sojourn.people.models import Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "slug", "home_country", "time_zone"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin[Person]):
    list_display = ["user", "organisation", "role", "position", "language"]
    list_filter = ["role", "position", "organisation", "language"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    list_select_related = ["user", "organisation"]
    raw_id_fields = ["user"]

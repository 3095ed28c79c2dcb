from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from crm.models import Agent, Team


class AgentInline(admin.TabularInline):
    model = Agent
    extra = 0
    fields = ["user", "department", "capacity", "available"]
    autocomplete_fields = ["user"]


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "department", "created_at"]
    list_filter = ["department"]
    search_fields = ["name"]
    inlines = [AgentInline]


@admin.register(Agent)
class AgentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "department", "team", "capacity", "available", "skill_list"]
    list_select_related = ["user", "team"]
    list_editable = ["available", "capacity"]
    list_filter = ["department", "available", "team"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    autocomplete_fields = ["user", "team"]

    @admin.display(description="skills")
    def skill_list(self, obj):
        return ", ".join(obj.skills or [])

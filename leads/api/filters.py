import django_filters

from leads.models import Lead, Opportunity


class LeadFilter(django_filters.FilterSet):
    score_min = django_filters.NumberFilter(field_name="score", lookup_expr="gte")
    score_max = django_filters.NumberFilter(field_name="score", lookup_expr="lte")
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")
    classified_after = django_filters.IsoDateTimeFilter(field_name="last_classified_at", lookup_expr="gte")
    unassigned = django_filters.BooleanFilter(field_name="owner", lookup_expr="isnull")
    campaign = django_filters.CharFilter(field_name="campaign", lookup_expr="iexact")

    class Meta:
        model = Lead
        fields = ["status", "owner", "category", "source", "contact"]


class OpportunityFilter(django_filters.FilterSet):
    open = django_filters.BooleanFilter(field_name="closed_at", lookup_expr="isnull", label="open")
    outcome = django_filters.ChoiceFilter(choices=[("won", "won"), ("lost", "lost")], method="filter_outcome")
    min_value = django_filters.NumberFilter(field_name="value", lookup_expr="gte")
    max_value = django_filters.NumberFilter(field_name="value", lookup_expr="lte")
    min_probability = django_filters.NumberFilter(field_name="close_probability", lookup_expr="gte",
                                                  label="minimum close probability (0–1)")
    expected_close_after = django_filters.DateFilter(field_name="expected_close", lookup_expr="gte")
    expected_close_before = django_filters.DateFilter(field_name="expected_close", lookup_expr="lte")
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")
    closed_after = django_filters.IsoDateTimeFilter(field_name="closed_at", lookup_expr="gte")
    closed_before = django_filters.IsoDateTimeFilter(field_name="closed_at", lookup_expr="lt")

    class Meta:
        model = Opportunity
        fields = ["stage", "owner", "contact", "lead", "currency", "likelihood", "decision_maker_engaged",
                  "competition_identified"]

    def filter_outcome(self, queryset, name, value):
        return queryset.filter(stage__is_won=True) if value == "won" else queryset.filter(stage__is_lost=True)

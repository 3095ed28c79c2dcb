"""Which providers a task tries, in order, as configured in the admin.

A task with its own chain uses its enabled steps in order; a task without one uses every
enabled provider by priority. The offline provider closes every chain unless a ``local``
provider row already sits in it (staff may put it first, e.g. for cheap, fast intents).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from crm.ai import registry
from crm.ai.base import AITask, ProviderConfig
from crm.ai.cache import invalidate, snapshot

CACHE_NAME = "chains"


@dataclass(frozen=True)
class ChainSnapshot:
    providers: dict[int, ProviderConfig]  # enabled providers by id
    by_priority: tuple[int, ...]
    chains: dict[str, tuple[int, ...]]  # task -> provider ids in order (enabled or not)


def _load() -> ChainSnapshot:
    from crm.ai.models import ChainStep, Provider

    enabled = list(Provider.objects.filter(enabled=True).order_by("priority", "name"))
    chains: dict[str, list[int]] = {}
    for task, provider_id in ChainStep.objects.order_by("chain__task", "position", "id").values_list(
        "chain__task", "provider_id"
    ):
        chains.setdefault(task, []).append(provider_id)
    return ChainSnapshot(
        providers={provider.pk: provider.to_config() for provider in enabled},
        by_priority=tuple(provider.pk for provider in enabled),
        chains={task: tuple(ids) for task, ids in chains.items()},
    )


def chain_for(task: AITask) -> list[ProviderConfig]:
    state = snapshot(CACHE_NAME, _load, max_age=settings.AI_CONFIG_CACHE_SECONDS)
    ids = state.chains.get(task.value, state.by_priority)
    chain = [state.providers[pk] for pk in ids if pk in state.providers]
    if not any(config.kind == registry.LOCAL_KIND for config in chain):
        chain.append(registry.local_config())
    return chain


def chains_changed() -> None:
    """Call after providers or chains change: every process re-reads them on its next call."""
    invalidate(CACHE_NAME)

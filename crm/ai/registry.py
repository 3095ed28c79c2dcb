"""Provider kinds: one class per vendor protocol. The admin's kind choices come from here,
and the gateway builds providers from here — nowhere branches on a vendor name."""

from __future__ import annotations

from functools import lru_cache

from crm.ai.base import AIProvider, ProviderConfig

LOCAL_KIND = "local"


@lru_cache(maxsize=1)
def providers() -> dict[str, type[AIProvider]]:
    # Imported lazily: model choices call kind_choices() while the app registry loads.
    from crm.ai.local.provider import LocalProvider
    from crm.ai.openai_compatible import OpenAICompatibleProvider

    return {cls.kind: cls for cls in (OpenAICompatibleProvider, LocalProvider)}


def kind_choices() -> list[tuple[str, str]]:
    return [(kind, cls.label) for kind, cls in providers().items()]


def provider_class(kind: str) -> type[AIProvider]:
    try:
        return providers()[kind]
    except KeyError:
        raise ValueError(f"unknown AI provider kind {kind!r}; known: {', '.join(providers())}") from None


def build(config: ProviderConfig) -> AIProvider:
    return provider_class(config.kind)(config)


def local_config() -> ProviderConfig:
    """The built-in offline provider: the last link of every chain."""
    return ProviderConfig(id=None, name="local", kind=LOCAL_KIND, model="local")

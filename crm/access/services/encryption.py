"""Re-encrypt every stored secret with the newest of FIELD_ENCRYPTION_KEYS.

Resumable by construction: a value already encrypted with the first key is skipped, so an
interrupted run is simply started again. Each row is updated on its own, committed at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import TextField
from django.db.models.functions import Cast

from crm.access.services.security import security_event_record
from crm.fields import EncryptedTextField, decrypt_value, needs_reencryption


@dataclass
class RotationReport:
    checked: dict[str, int] = field(default_factory=dict)
    reencrypted: dict[str, int] = field(default_factory=dict)
    unreadable: dict[str, int] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not any(self.unreadable.values())


def encrypted_fields() -> list[tuple[type, EncryptedTextField]]:
    return [
        (model, model_field)
        for model in apps.get_models()
        for model_field in model._meta.concrete_fields
        if isinstance(model_field, EncryptedTextField)
    ]


def encryption_keys_rotate(*, batch_size: int = 500, dry_run: bool = False,
                           progress: Callable[[str], None] | None = None) -> RotationReport:
    report = RotationReport()
    for model, model_field in encrypted_fields():
        label = f"{model._meta.label}.{model_field.name}"
        checked = reencrypted = unreadable = 0
        rows = (model._base_manager.exclude(**{model_field.attname: ""})
                .exclude(**{f"{model_field.attname}__isnull": True})
                .annotate(stored=Cast(model_field.attname, TextField()))
                .order_by("pk").values_list("pk", "stored"))
        last_pk = None
        while True:
            page = rows.filter(pk__gt=last_pk) if last_pk is not None else rows
            batch = list(page[:batch_size])
            if not batch:
                break
            for pk, stored in batch:
                checked += 1
                if not needs_reencryption(stored):
                    continue
                try:
                    plaintext = decrypt_value(stored)
                except ValueError:
                    unreadable += 1
                    continue
                if not dry_run:
                    # update() encrypts through the field, i.e. with the first (newest) key.
                    model._base_manager.filter(pk=pk).update(**{model_field.attname: plaintext})
                reencrypted += 1
            last_pk = batch[-1][0]
        report.checked[label] = checked
        report.reencrypted[label] = reencrypted
        report.unreadable[label] = unreadable
        if progress:
            progress(f"{label}: {checked} checked, {reencrypted} re-encrypted, {unreadable} unreadable")
    if not dry_run:
        security_event_record(action="encryption_keys.rotated", actor=None,
                              reason="stored secrets re-encrypted with the newest key",
                              data={"reencrypted": sum(report.reencrypted.values()),
                                    "unreadable": sum(report.unreadable.values())})
    return report

"""Every model of Sojourn names itself in words to translate: the audit log's object filter and
the admin show these names, in the reader's language."""

from __future__ import annotations

from django.apps import apps


def test_every_model_has_a_translatable_verbose_name() -> None:
    unnamed = [
        model.__name__
        for model in apps.get_models()
        if model.__module__.startswith("sojourn.")
        and not {"verbose_name", "verbose_name_plural"} <= set(model._meta.original_attrs)
    ]

    assert unnamed == []

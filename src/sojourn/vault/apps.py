from django.apps import AppConfig
from django.core import checks


class VaultConfig(AppConfig):
    name = "sojourn.vault"
    label = "vault"

    def ready(self) -> None:
        from sojourn.conf import jobs
        from sojourn.vault.checks import keys_cover_every_value, keys_from_environment
        from sojourn.vault.rekey import rekey

        checks.register(keys_from_environment, checks.Tags.security, deploy=True)
        checks.register(keys_cover_every_value, checks.Tags.database)
        jobs.register("rekey", rekey)

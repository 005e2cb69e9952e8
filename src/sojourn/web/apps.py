from django.apps import AppConfig
from django.core import checks


class WebConfig(AppConfig):
    name = "sojourn.web"
    label = "web"

    def ready(self) -> None:
        from sojourn.web.checks import catalogues_compiled, production_transport

        checks.register(catalogues_compiled)
        checks.register(production_transport, checks.Tags.security, deploy=True)

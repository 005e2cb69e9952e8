"""The REST API face (`/api/v1/`): the same services as the web, over personal access tokens."""

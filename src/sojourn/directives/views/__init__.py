"""The oversight desk: the dashboard, policy versions, directives and their re-assessment runs.

Thin views: each parses its input, calls a selector or a service, and renders. Oversight and
auditors read these pages; anyone else gets a 404, as if they did not exist. Only oversight acts:
an auditor who posts is refused with a 403.
"""

"""The policy engine: pure Python, no Django. Plain data in, an explainable Assessment out."""

from sojourn.policy.assessment import Assessment, Finding, Risk, Route, Severity

__all__ = ["Assessment", "Finding", "Risk", "Route", "Severity"]

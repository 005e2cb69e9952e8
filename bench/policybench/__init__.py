"""The policy-engine benchmark's parts: the synthetic trips and their Cedar encoding."""

"""The demo world: a small cast of organisations, people and trips, loaded through the services."""

"""The machine a run happened on, as the report records it."""

from __future__ import annotations

import os
import platform
import sys
from importlib import metadata
from pathlib import Path
from typing import Any


def describe(packages: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "cpu": cpu_model(),
        "cores_online": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)),
        "load_average_1_5_15": [round(load, 2) for load in os.getloadavg()],
        "memory_gib": memory_gib(),
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "packages": {name: _version(name) for name in packages},
    }


def cpu_model() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text("utf-8").splitlines()
    except OSError:
        return platform.processor() or "unknown"
    for line in lines:
        key, _, value = line.partition(":")
        if key.strip() == "model name":
            return value.strip()
    return platform.processor() or "unknown"


def memory_gib() -> float | None:
    try:
        lines = Path("/proc/meminfo").read_text("utf-8").splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / 2**20, 1)
    return None


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def summary(machine: dict[str, Any]) -> str:
    """One line for the top of the printed report."""
    load = ", ".join(f"{value:.2f}" for value in machine["load_average_1_5_15"])
    packages = ", ".join(f"{name} {version}" for name, version in machine["packages"].items())
    return (
        f"{machine['cpu']} · {machine['cores_usable']} usable cores · "
        f"{machine['memory_gib']} GiB · load {load} · "
        f"{machine['implementation']} {machine['python']}" + (f" · {packages}" if packages else "")
    )

"""Run candidate code in a separate, isolated, limited process and report test results as data."""

from app.sandbox.limits import SandboxLimits
from app.sandbox.runner import SandboxRunner

__all__ = ["SandboxLimits", "SandboxRunner"]

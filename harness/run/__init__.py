"""Stage 2, run: drive a target over HTTP/ASGI, step by step, and record the history."""

from harness.run.expectations import Check
from harness.run.history import Append, History, Operation
from harness.run.http_server import serve_in_thread
from harness.run.runner import InterviewRecord, Runner, RunResult
from harness.run.scheduler import SeededScheduler
from harness.run.target import AppTarget, Limits, Target, UrlTarget, reference_target

__all__ = [
    "AppTarget",
    "Append",
    "Check",
    "History",
    "InterviewRecord",
    "Limits",
    "Operation",
    "RunResult",
    "Runner",
    "SeededScheduler",
    "Target",
    "UrlTarget",
    "reference_target",
    "serve_in_thread",
]

"""Stage 2, run: drive a target over HTTP/ASGI, step by step, and record the history."""

from harness.run.expectations import Check
from harness.run.history import Append, History, Operation
from harness.run.http_server import serve_in_thread
from harness.run.result import InterviewRecord, RunResult
from harness.run.runner import Runner
from harness.run.scheduler import SeededScheduler
from harness.run.target import AppTarget, Limits, Target, UrlTarget, reference_target
from harness.run.transport import Response, Transport
from harness.run.worker import Worker

__all__ = [
    "AppTarget",
    "Append",
    "Check",
    "History",
    "InterviewRecord",
    "Limits",
    "Operation",
    "Response",
    "RunResult",
    "Runner",
    "SeededScheduler",
    "Target",
    "Transport",
    "UrlTarget",
    "Worker",
    "reference_target",
    "serve_in_thread",
]

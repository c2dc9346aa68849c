"""Scenarios as Locust users: copies played by Locust workers, judged by persistguard afterwards.

The harness process never imports locust (it monkey-patches everything for
gevent): `persistguard locust` starts Locust in subprocesses with
`LOCUSTFILE`, reads the transcripts the master wrote, and judges them like
`replay` does. Only `interview_user`, `hooks` and `locustfile` import locust,
and only Locust processes import them.
"""

from pathlib import Path

#: The locustfile to give `locust -f` (standalone, master or worker).
LOCUSTFILE = str(Path(__file__).with_name("locustfile.py"))

__all__ = ["LOCUSTFILE"]

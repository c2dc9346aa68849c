"""The locustfile persistguard runs: every user plays persistguard scenario copies.

Run it through `persistguard locust`, or by hand, for example across machines::

    locust -f LOCUSTFILE --master --headless --persistguard-scenarios scenarios/ \\
        --persistguard-results results.json --host http://app:8000 -u 8 -r 8
    locust -f LOCUSTFILE --worker --master-host MASTER   # on each load machine

`python -c "import harness.locust; print(harness.locust.LOCUSTFILE)"` prints its path.
"""

from harness.locust import hooks  # noqa: F401  (registers the options and the master's hooks)
from harness.locust.interview_user import InterviewUser

__all__ = ["InterviewUser"]

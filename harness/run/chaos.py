"""A scenario's `chaos:` block made real: the proxy between the app and its database.

The harness puts the proxy in front of the database it hands the in-process
app; the invariants still read the database directly. A server at a base URL
chose its database itself, so for those runs the harness can only say which
proxy command to run and which URL the server should use instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from harness.proxy import DelayPolicy, proxied_url, proxy_in_thread
from harness.scenario.model import Scenario

#: Where the printed advice tells a user to run the proxy.
ADVISED_LISTEN = ("127.0.0.1", 6543)


def policy_for(scenario: Scenario) -> DelayPolicy | None:
    """The proxy's policy for `scenario`, or None when it asks for no chaos."""
    chaos = scenario.chaos
    if chaos is None:
        return None
    return DelayPolicy(
        commit_delay=chaos.commit_delay,
        statement_delay=chaos.statement_delay,
        statements=chaos.statements,
        jitter=chaos.jitter,
        seed=scenario.load.seed if chaos.seed is None else chaos.seed,
    )


@contextmanager
def amplified(scenario: Scenario, db_url: str) -> Iterator[tuple[str, str]]:
    """Yield the URL the app should use for `db_url` and a label suffix for reports.

    The proxy runs in a thread of its own, so nothing the app does in its event
    loop can stall it.
    """
    policy = policy_for(scenario)
    if policy is None:
        yield db_url, ""
        return
    with proxy_in_thread(db_url, policy) as proxy:
        yield proxy.url, f" through proxy ({policy.describe()})"


def proxy_advice(scenario: Scenario, db_url: str) -> str | None:
    """For a `--base-url` run: the proxy command and the URL the server should use."""
    policy = policy_for(scenario)
    if policy is None:
        return None
    host, port = ADVISED_LISTEN
    flags = f"--commit-delay {policy.commit_delay:g}"
    if policy.statement_delay:
        flags += f" --statement-delay {policy.statement_delay:g}"
    if policy.statements:
        flags += f" --statements '{policy.statements}'"
    if policy.jitter:
        flags += f" --jitter {policy.jitter:g} --seed {policy.seed}"
    url = proxied_url(db_url, host, port, keep_password=False)
    return (
        f"{scenario.path}: chaos ({policy.describe()}) needs your server behind the proxy: run "
        f"`persistguard proxy --upstream <--db-url> --listen {host}:{port} {flags}` and start "
        f"the server with database URL {url}"
    )

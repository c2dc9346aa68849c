"""Race amplification: a PostgreSQL wire proxy that holds back COMMIT (and chosen statements).

client bytes -> `frames` (message boundaries, the SQL a message runs) ->
`policy` (how long it waits) -> PostgreSQL; server bytes pass unchanged.
`server` runs it in the caller's loop or a thread of its own.
"""

from harness.proxy.address import Address, proxied_url, upstream_address
from harness.proxy.policy import DelayPolicy, is_commit
from harness.proxy.server import DEFAULT_HOST, Proxy, proxy_in_thread, running_proxy

__all__ = [
    "DEFAULT_HOST",
    "Address",
    "DelayPolicy",
    "Proxy",
    "is_commit",
    "proxied_url",
    "proxy_in_thread",
    "running_proxy",
    "upstream_address",
]

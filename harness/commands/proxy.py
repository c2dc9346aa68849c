"""`persistguard proxy`: the race-amplifying PostgreSQL proxy as a long-running command.

For servers the harness does not start itself (`replay --base-url`): point
the server's database URL at the printed one, and its COMMITs (and any chosen
statements) reach PostgreSQL late. SIGINT and SIGTERM close every relayed
connection and end with one line.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from typing import TYPE_CHECKING, Any

from harness.errors import HarnessError
from harness.extras import require_harness

if TYPE_CHECKING:
    from harness.proxy import Proxy

#: `harness.proxy.DEFAULT_HOST`, spelled out so that registering needs no harness import
DEFAULT_HOST = "127.0.0.1"


def register(sub: Any) -> None:
    """Add the `proxy` subcommand."""
    parser = sub.add_parser(
        "proxy",
        help="a PostgreSQL proxy that holds back COMMIT to widen race windows",
        description="Relay PostgreSQL connections to --upstream, holding back each COMMIT "
        "(and optionally other statements) so that work spawned before a commit "
        "reads stale data on every run.",
    )
    parser.add_argument(
        "--upstream", required=True, metavar="URL", help="the PostgreSQL server (libpq URL)"
    )
    parser.add_argument(
        "--listen",
        default=f"{DEFAULT_HOST}:6543",
        metavar="HOST:PORT",
        help="address to listen on, port 0 for any free one (default: %(default)s)",
    )
    timing = parser.add_argument_group("timing")
    timing.add_argument(
        "--commit-delay",
        type=_seconds,
        default=0.5,
        metavar="S",
        help="seconds each COMMIT/END waits (default: %(default)s)",
    )
    timing.add_argument(
        "--statement-delay",
        type=_seconds,
        default=0.0,
        metavar="S",
        help="seconds every other statement (or those matching --statements) waits",
    )
    timing.add_argument(
        "--statements", metavar="REGEX", help="only statements matching REGEX get --statement-delay"
    )
    timing.add_argument(
        "--jitter",
        type=_seconds,
        default=0.0,
        metavar="S",
        help="each held statement also waits a seeded random [0, S) seconds",
    )
    timing.add_argument("--seed", type=int, default=0, help="jitter seed (default: %(default)s)")
    parser.set_defaults(handler=run)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"expected seconds >= 0, got {text!r}")
    return value


def listen_address(text: str) -> tuple[str, int]:
    """`HOST:PORT`, `[::1]:PORT` or `:PORT` (loopback) -> (host, port)."""
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or int(port) > 65535:
        raise HarnessError(f"--listen expects HOST:PORT, got {text!r}")
    host = host.strip("[]") or DEFAULT_HOST
    return host, int(port)


def run(args: argparse.Namespace) -> int:
    """Serve until SIGINT/SIGTERM; 0 after a clean stop, 2 for bad settings."""
    require_harness("`persistguard proxy`")
    from harness.proxy import DelayPolicy, Proxy

    host, port = listen_address(args.listen)
    try:
        policy = DelayPolicy(
            commit_delay=args.commit_delay,
            statement_delay=args.statement_delay,
            statements=args.statements,
            jitter=args.jitter,
            seed=args.seed,
        )
    except ValueError as exc:
        raise HarnessError(str(exc)) from None
    if args.statements is not None and not args.statement_delay:
        raise HarnessError("--statements needs --statement-delay (how long they wait)")
    proxy = Proxy(args.upstream, policy, host=host, port=port)
    asyncio.run(_serve(proxy))
    counters = proxy.counters
    print(
        f"persistguard proxy: stopped after {counters.connections} connection(s), "
        f"{counters.delayed} statement(s) held for {counters.delayed_seconds:.1f} s in total",
        file=sys.stderr,
        flush=True,
    )
    return 0


async def _serve(proxy: Proxy) -> None:
    from harness.postgres import redact
    from harness.proxy import proxied_url

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with proxy:
        url = proxied_url(proxy.upstream_url, proxy.host, proxy.port, keep_password=False)
        print(f"persistguard proxy on {proxy.host}:{proxy.port} -> {redact(proxy.upstream_url)}")
        print(f"  holds: {proxy.policy.describe()}")
        print(f"  point your server's database URL at: {url}")
        print("  press Ctrl-C to stop", flush=True)
        await stop.wait()

"""Subcommands of the `persistguard` CLI that belong to the harness."""

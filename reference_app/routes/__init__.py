"""Thin routers: parse, call a service, map domain errors (see main.py)."""

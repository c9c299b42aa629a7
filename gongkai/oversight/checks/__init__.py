"""Monitoring checks: pure functions over value snapshots (`facts.py`), each module registering its rules."""

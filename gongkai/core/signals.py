"""Signals of the platform as a whole (no app's model)."""

from django.dispatch import Signal

# Sent by `gongkai worker` as it starts, before it takes a job. A receiver queues again its app's jobs a killed
# worker left behind and returns (what, how many), e.g. ("附件文字识别", 3).
worker_starting = Signal()

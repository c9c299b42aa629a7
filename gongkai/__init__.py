"""Gongkai (公开): standardised grassroots government disclosure."""

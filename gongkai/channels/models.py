"""Channels beyond the portal: where and by whom a record was also published, and printed bulletins."""

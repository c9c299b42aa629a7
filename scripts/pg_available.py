"""Exit 0 when a PostgreSQL server answers at the given URL's host (connecting to its `postgres` database)."""

import sys

try:
    import psycopg
except ImportError:  # pragma: no cover
    sys.exit(1)

url = sys.argv[1] if len(sys.argv) > 1 else "postgres://postgres@127.0.0.1:5432/postgres"
base = url.rsplit("/", 1)[0] + "/postgres"
try:
    with psycopg.connect(base, connect_timeout=3):
        pass
except Exception:
    sys.exit(1)
sys.exit(0)

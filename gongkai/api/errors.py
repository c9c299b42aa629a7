"""The error answers every operation declares in the generated schema (all in the one format, `ErrorOut`)."""

from gongkai.api.schemas import ErrorOut

PUBLIC_ERRORS = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}
STAFF_ERRORS = {**PUBLIC_ERRORS, 401: ErrorOut, 403: ErrorOut}

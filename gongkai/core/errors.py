"""Error types the domain raises. Each carries a Chinese message a person can act on and a code
that tests and the API can rely on."""


class GongkaiError(Exception):
    code = "error"

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code

    def __str__(self) -> str:
        return self.message


class PermissionRefused(GongkaiError):
    code = "permission_refused"


class TransitionNotAllowed(GongkaiError):
    code = "transition_not_allowed"


class ValidationFailed(GongkaiError):
    code = "validation_failed"

"""Subcommands of `gongkai catalog`. `register(subparsers, command)` adds parsers whose
`set_defaults(handler=fn)` names a function `fn(command, **options)`."""


def register(subparsers, command) -> None:
    pass

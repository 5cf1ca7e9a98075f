"""The CLI's sub-commands, one module each. A module has ``register(subparsers, common)``; the parser it
adds sets ``handler`` to a function taking the parsed arguments and returning the exit code.

Exit codes (../shared/design.md): 0 success, 1 findings that need attention, 2 bad input (message on stderr).
"""

COMMAND_MODULES: tuple[str, ...] = (
    "gmdesk.commands.demo",
    "gmdesk.commands.backup",
    "gmdesk.commands.check",
    "gmdesk.commands.io",
    "gmdesk.commands.form",
    "gmdesk.commands.report",
    "gmdesk.commands.notice",
    "gmdesk.commands.profile",
    "gmdesk.commands.audit",
    "gmdesk.commands.wording",
    "gmdesk.commands.migrate",
)

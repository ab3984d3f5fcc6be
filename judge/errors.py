"""The one exception type for mistakes a user can make (bad path, bad package, ...).

The CLI prints its message as one line on stderr and exits with status 2; anything
else that escapes is a bug in the judge.
"""


class UserError(Exception):
    """A problem the user can fix: the message says what happened and what to do."""


class PackageError(UserError):
    """A problem package that does not load (missing or malformed pieces)."""

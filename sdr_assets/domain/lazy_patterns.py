"""Regular expressions compiled on their first use instead of at import."""

from __future__ import annotations

import re


class LazyPattern:
    """``re.compile(pattern, flags)`` put off until a method is first called on it.

    The triage and the play checks hold hundreds of patterns at module level; compiling them took
    about a third of the CPU time importing the `sdr` command cost (0.1 of 0.3 s), paid by every
    command that never searches with them (`sdr status`, `sdr plays list`, `sdr --help`). Methods
    of the compiled pattern (``search``, ``sub``...) are kept on the instance after the first call.
    """

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern, self._flags = pattern, flags

    def __getattr__(self, name: str):
        # Only reached for names not yet on the instance: the first use of each method or attribute
        # (``flags`` too, which the compiled pattern completes with the inline and implied flags).
        if name.startswith("_"):
            raise AttributeError(name)
        if "_compiled" not in self.__dict__:
            self._compiled = re.compile(self.pattern, self._flags)
        value = getattr(self._compiled, name)
        setattr(self, name, value)
        return value

    def __reduce__(self):
        return LazyPattern, (self.pattern, self._flags)  # a copy or a pickle compiles afresh, when used

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self._flags!r})"

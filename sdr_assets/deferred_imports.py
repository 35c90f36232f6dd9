"""Defer a module's import until code first reads one of its names.

Great Expectations imports, at its own import, modules our suites never call: ``altair`` (charts
for its KL-divergence renderer), ``jsonschema`` (JSON-schema matching; its optional IRI format
checker builds a Lark grammar at import) and ``scipy.stats`` (distribution tests). Together they
are about 2 of the 3.4 CPU seconds GX takes to import. A deferred module is the real module, run in
place the first time code reads a name from it or imports one of its submodules: anything that uses
it gets what a plain import gives, in the same order, and a process that never uses it never pays.

``importlib.util.LazyLoader`` cannot do this: the import system reads ``__spec__`` on every
``import x``, which makes LazyLoader load at once, and a submodule imported while its package is
lazy is executed twice.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
import threading
import types

_lock = threading.RLock()


class _Deferred(types.ModuleType):
    """A module whose code has not run yet; the first read of a name it lacks runs it in place."""

    def __getattr__(self, name: str):
        # Only called for names not in the module's namespace (its spec and path are).
        _run(self)
        return getattr(self, name)


def _run(module: types.ModuleType) -> None:
    with _lock:
        if type(module) is not _Deferred:
            return
        # From here the module is plain: names its code reads while it runs, and every read after,
        # resolve as in any module (a module-level __getattr__ of its own included).
        module.__class__ = types.ModuleType
        spec = module.__spec__
        try:
            spec.loader.exec_module(module)
        except BaseException:
            sys.modules.pop(spec.name, None)
            raise


class _Loaded(importlib.abc.Loader):
    """Hands the import system a submodule that its package's code already imported."""

    def __init__(self, module: types.ModuleType):
        self.module, self.spec = module, module.__spec__

    def create_module(self, spec):
        return self.module

    def exec_module(self, module) -> None:
        module.__spec__ = self.spec  # the import system set this loader's spec on it: put its own back


class _PackageFirst(importlib.abc.MetaPathFinder):
    """Before a submodule of a deferred package is looked up, the package's own code runs, as in a
    plain import; a submodule that code imported is then returned as it is, never run twice."""

    def find_spec(self, fullname, path, target=None):
        parent = sys.modules.get(fullname.rpartition(".")[0])
        if type(parent) is not _Deferred:
            return None
        _run(parent)
        existing = sys.modules.get(fullname)
        if existing is None:
            return None
        spec = importlib.util.spec_from_loader(fullname, _Loaded(existing))
        # The import system hands on the spec of a module already in sys.modules, and runs it again
        # from that spec: until _Loaded puts the module's own spec back, that spec is this one.
        existing.__spec__ = spec
        return spec


_finder = _PackageFirst()


def defer(name: str) -> bool:
    """Register ``name`` as deferred unless it is already imported or not installed; True if deferred."""
    with _lock:
        if name in sys.modules:
            return False
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return False
        if _finder not in sys.meta_path:
            sys.meta_path.insert(0, _finder)
        module = importlib.util.module_from_spec(spec)
        module.__class__ = _Deferred
        sys.modules[name] = module
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, module)
        return True


def is_deferred(module: types.ModuleType) -> bool:
    """Whether ``module`` is deferred and its code has not run yet."""
    return type(module) is _Deferred

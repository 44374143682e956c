"""_typing_spec.py - TypeVars, ParamSpecs, TypeVarTuples and TypeAliasTypes (their constructors
need a name) shared by the threads, made by PEP 695 and 696 syntax so that their bounds,
constraints, defaults and alias values are evaluated lazily, on first access, by whichever
threads ask first and at once; then subscripted, substituted and combined with |. A fresh
set is made per instance on first use (_spec_kit.lazy)."""
import _typing

import _spec_kit


def _params():
    """Type parameters whose bound, constraints and defaults are not evaluated yet."""
    def f[T: (int, str), U: list[int] = dict[str, int], *Ts = *tuple[int, ...],
          **P = [int, str]]():
        pass

    class C[K: dict[str, int], V = bytes]:
        pass

    type Alias[X: int = bool] = list[X] | dict[str, X]
    type Plain = tuple[int, str] | None
    return list(f.__type_params__) + list(C.__type_params__), [Alias, Plain], C


class SharedTypeParams:
    def _s(self):
        return _spec_kit.lazy(self, "s", _params)

    def _param(self, x):
        params = self._s()[0]
        return params[_spec_kit.num(x) % len(params)]

    def _alias(self, x):
        aliases = self._s()[1]
        return aliases[_spec_kit.num(x) % len(aliases)]

    def bound(self, x):
        p = self._param(x)
        return getattr(p, "__bound__", None), getattr(p, "__constraints__", None)

    def default(self, x):
        p = self._param(x)
        return p.has_default(), p.__default__

    def value(self, x):
        a = self._alias(x)
        return a.__value__, a.__type_params__, a.__name__

    def subscript(self, x):
        a = self._alias(x)
        try:
            return a[int] if a.__type_params__ else a.__value__
        except TypeError:
            return None

    def union(self, x, y):
        try:
            return self._param(x) | self._param(y) | self._alias(x)
        except TypeError:
            return None

    def substitute(self, x):
        p = self._param(x)
        try:
            return p.__typing_subst__(int)
        except TypeError:  # a TypeVarTuple or ParamSpec wants another shape
            return None

    def generic(self, x):
        """The class over the shared parameters, subscripted (typing's Generic machinery)."""
        cls = self._s()[2]
        try:
            return cls[int, str] if _spec_kit.num(x) & 1 else cls[int]
        except TypeError:
            return None

    def names(self, x):
        p = self._param(x)
        return (repr(p), p.__name__, getattr(p, "__covariant__", None),
                getattr(p, "__infer_variance__", None), repr(self._alias(x)))

    def fresh(self, x):
        """Plain constructors, with the name and values from the pool."""
        name = "N" + str(_spec_kit.num(x))
        return (_typing.TypeVar(name, bound=x if isinstance(x, type) else None),
                _typing.ParamSpec(name), _typing.TypeVarTuple(name),
                _typing.TypeAliasType(name, list[int]))

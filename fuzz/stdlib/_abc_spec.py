"""_abc_spec.py - abstract base classes (the _abc functions need a class that _abc_init set up,
with its registry and caches) shared by the threads: classes registered, checked against
(instance and subclass checks fill the positive and negative caches), and the caches and
registry reset at once, while other threads make classes, register them and drop them (the
caches hold them weakly: their callbacks remove them as they die)."""
import _abc
import abc

import _spec_kit


def _abcs():
    class Base(abc.ABC):
        @classmethod
        def __subclasshook__(cls, other):
            # Decided by the class's own attributes: True, False or NotImplemented.
            return getattr(other, "hook", NotImplemented)

    class Sub(Base):
        pass

    class Other(metaclass=abc.ABCMeta):
        pass

    plain = [type("C%d" % i, (), {"hook": (True, False, NotImplemented)[i % 3]})
             for i in range(6)]
    return [Base, Sub, Other], plain


class SharedABCs:
    def _s(self):
        return _spec_kit.lazy(self, "s", _abcs)

    def _pick(self, x):
        abcs, plain = self._s()
        k = _spec_kit.num(x)
        return abcs[k % len(abcs)], plain[(k >> 2) % len(plain)]

    def register(self, x):
        a, c = self._pick(x)
        try:
            return _abc._abc_register(a, c) is c
        except RuntimeError:  # "Refusing to create an inheritance cycle"
            return None

    def instancecheck(self, x):
        a, c = self._pick(x)
        return _abc._abc_instancecheck(a, c()), isinstance(x, a)

    def subclasscheck(self, x):
        a, c = self._pick(x)
        return _abc._abc_subclasscheck(a, c), issubclass(type(x), a)

    def reset_caches(self, x):
        a, _ = self._pick(x)
        _abc._reset_caches(a)

    def reset_registry(self, x):
        a, _ = self._pick(x)
        _abc._reset_registry(a)

    def dump(self, x):
        a, _ = self._pick(x)
        registry, cache, negative, version = _abc._get_dump(a)
        return len(registry), len(cache), len(negative), version, _abc.get_cache_token()

    def transient(self, x):
        """A class made, registered and checked, then dropped: its weak references in the
        registry and caches die with it, while other threads walk them."""
        a, _ = self._pick(x)
        c = type("T", (), {"hook": bool(_spec_kit.num(x) & 1)})
        if _spec_kit.num(x) & 2:
            _abc._abc_register(a, c)
        return issubclass(c, a), isinstance(c(), a)

    def reinit(self, x):
        """_abc_init again on a fresh ABC (what ABCMeta.__new__ runs)."""
        a = abc.ABCMeta("Fresh", (self._pick(x)[0],), {})
        _abc._abc_init(a)
        return a.__abstractmethods__

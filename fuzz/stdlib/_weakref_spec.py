"""_weakref_spec.py - weak references and proxies (their constructors need a referent) to
objects shared by the threads: refs made with and without callbacks, dereferenced, hashed
(a ref's hash is its referent's, computed on first use and cached), compared and counted,
while other threads drop the referents' last strong references (the refs die and their
callbacks run in whichever thread dropped it), and _remove_dead_weakref prunes a shared
dict of refs the way WeakValueDictionary does."""
import _weakref

import _spec_kit


_PROXIES = (_weakref.ProxyType, _weakref.CallableProxyType)


class _Target:
    """A referent with attributes for the proxies, a hash and a call."""

    def __init__(self, n):
        self.n = n

    def __hash__(self):
        return self.n

    def __call__(self, *a):
        return self.n

    def __len__(self):
        return self.n % 7


class _Ref(_weakref.ref):
    """A ref subclass carrying a key, as WeakValueDictionary's KeyedRef does."""
    __slots__ = ("key",)

    def __new__(cls, ob, callback, key):
        self = super().__new__(cls, ob, callback)
        self.key = key
        return self

    def __init__(self, ob, callback, key):
        super().__init__(ob, callback)


class SharedRefs:
    def __init__(self):
        self.targets = [_Target(i) for i in range(4)]
        self.refs = []
        self.d = {}

    def _t(self, x):
        return self.targets[_spec_kit.num(x) % len(self.targets)]

    def _r(self, x):
        r = self.refs
        return r[_spec_kit.num(x) % len(r)] if r else None

    def _died(self, ref):
        """A callback: runs in the thread that dropped the referent."""
        if type(ref) is _Ref:  # a proxy (dead: isinstance would raise ReferenceError)
            _weakref._remove_dead_weakref(self.d, ref.key)

    def ref(self, x):
        k = _spec_kit.num(x)
        t = self._t(x)
        kind = k % 4
        if kind == 0:
            r = _weakref.ref(t)
        elif kind == 1:
            r = _weakref.ref(t, self._died)
        elif kind == 2:
            r = _Ref(t, self._died, k % 16)
            self.d[k % 16] = r
        else:
            r = _weakref.proxy(t, self._died if k & 4 else None)
        if len(self.refs) < 16:
            self.refs.append(r)
        else:
            self.refs[k % 16] = r
        return kind

    def deref(self, x):
        r = self._r(x)
        if r is None:
            return None
        try:
            if type(r) not in _PROXIES:
                t = r()
                return None if t is None else t.n
            return r.n, r(), len(r)  # a proxy: ReferenceError once dead
        except ReferenceError:
            return None

    def hash(self, x):
        r = self._r(x)
        try:
            return hash(r)
        except TypeError:  # a dead ref never hashed, or a proxy
            return None

    def compare(self, x, y):
        a, b = self._r(x), self._r(y)
        try:
            return a == b, a is not None and a.__callback__ is None
        except (ReferenceError, AttributeError):
            return None

    def counts(self, x):
        t = self._t(x)
        return _weakref.getweakrefcount(t), len(_weakref.getweakrefs(t))

    def kill(self, x):
        """Replace a referent: unless another thread holds it, its refs die here."""
        k = _spec_kit.num(x)
        self.targets[k % len(self.targets)] = _Target(k)

    def proxy_set(self, x):
        r = self._r(x)
        if type(r) not in _PROXIES:  # isinstance would ask a dead proxy: ReferenceError
            return None
        try:
            r.n = _spec_kit.num(x)
        except ReferenceError:
            pass

    def prune(self, x):
        """What WeakValueDictionary's cleanup does with a key whose ref may be dead."""
        k = _spec_kit.num(x) % 16
        _weakref._remove_dead_weakref(self.d, k)
        return len(self.d)

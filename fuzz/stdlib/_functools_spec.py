"""_functools_spec.py - a partial over a shared list, an lru_cache-wrapped function (the C
_lru_cache_wrapper needs its function, size and the CacheInfo type) and reduce over a list
other threads mutate, shared by the threads."""
import _functools

import _spec_kit


def _info(*fields):
    return fields


class SharedFunctions:
    def __init__(self):
        self.items = list(range(32))
        self.part = _functools.partial(self._add, self.items, 1)
        self.cached = _functools._lru_cache_wrapper(self._square, 8, False, _info)
        self.unbounded = _functools._lru_cache_wrapper(self._square, None, True, _info)
        self.key = _functools.cmp_to_key(lambda a, b: (a > b) - (a < b))

    @staticmethod
    def _add(items, x, y=0):
        items.append(x)
        if len(items) > 64:
            del items[:32]
        return len(items)

    @staticmethod
    def _square(n):
        return n * n if isinstance(n, int) else n

    def call_partial(self, x):
        return self.part(x)

    def call_cached(self, n):
        return self.cached(_spec_kit.num(n) % 16)

    def call_unbounded(self, n):
        return self.unbounded(_spec_kit.num(n) % 64)

    def cache_clear(self):
        self.cached.cache_clear()
        self.unbounded.cache_clear()

    def cache_info(self):
        return self.cached.cache_info(), self.unbounded.cache_info()

    def reduce(self):
        return _functools.reduce(lambda a, b: a + (b if isinstance(b, int) else 0),
                                 self.items, 0)

    def mutate(self, x):
        self.items.append(_spec_kit.num(x) % 100)
        if len(self.items) > 48:
            del self.items[:16]

    def sort_key(self):
        return sorted(list(self.items)[:16], key=self.key)

    def partial_state(self):
        return self.part.args, self.part.keywords, repr(self.part)[:20]

"""_bisect_spec.py - sorted lists shared by the threads, searched and inserted into (with and
without a key) while other threads grow and shrink them."""
import _bisect

import _spec_kit


class SharedSorted:
    def __init__(self):
        self.a = list(range(0, 64, 2))
        self.pairs = [(i, str(i)) for i in range(16)]

    def insort(self, n):
        _bisect.insort_left(self.a, _spec_kit.num(n) % 128)

    def bisect(self, n):
        return _bisect.bisect_left(self.a, _spec_kit.num(n) % 128, 0, len(self.a))

    def insort_key(self, n):
        _bisect.insort_right(self.pairs, (_spec_kit.num(n) % 32, "k"), key=lambda p: p[0])

    def bisect_key(self, n):
        return _bisect.bisect_right(self.pairs, _spec_kit.num(n) % 32, key=lambda p: p[0])

    def shrink(self):
        if len(self.a) > 8:
            del self.a[:4]
        if len(self.pairs) > 8:
            del self.pairs[-4:]

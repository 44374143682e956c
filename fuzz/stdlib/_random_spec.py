"""_random_spec.py - one Random shared by the threads: drawn from, reseeded and its state got
and set at once."""
import _random

import _spec_kit


class SharedRandom:
    def __init__(self):
        self.r = _random.Random(1)

    def random(self):
        return self.r.random()

    def getrandbits(self, n):
        return self.r.getrandbits(1 + _spec_kit.num(n) % 200)

    def seed(self, x):
        self.r.seed(x if isinstance(x, (int, str, bytes, float)) else _spec_kit.num(x))

    def state(self):
        self.r.setstate(self.r.getstate())

"""itertools_spec.py - itertools objects (their constructors need iterables) advanced by all threads."""
import itertools


class SharedIterators:
    def __init__(self):
        self.src = list(range(64))
        self.chain = itertools.chain(self.src, self.src)
        self.cycle = itertools.cycle(self.src)
        self.islice = itertools.islice(itertools.count(), 0, None, 2)
        self.tee_a, self.tee_b = itertools.tee(iter(self.src * 8))
        self.groups = itertools.groupby(self.src * 8, key=lambda v: v // 4)
        self.acc = itertools.accumulate(itertools.repeat(1))
        self.pairs = itertools.pairwise(itertools.count())
        self.batched = itertools.batched(itertools.count(), 3)

    def next_chain(self):
        return next(self.chain, None)

    def next_cycle(self):
        return next(self.cycle)

    def next_islice(self):
        return next(self.islice)

    def next_tee(self):
        return next(self.tee_a, None), next(self.tee_b, None)

    def next_group(self):
        return next(self.groups, None)

    def next_acc(self):
        return next(self.acc)

    def next_pair(self):
        return next(self.pairs)

    def next_batch(self):
        return next(self.batched)

    def grow(self, x):
        self.src.append(x)

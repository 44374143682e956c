"""_heapq_spec.py - heaps (plain lists) shared by the threads: pushed, popped, replaced and
merged while other threads append to and clear them."""
import _heapq

import _spec_kit


class SharedHeap:
    def __init__(self):
        self.h = list(range(32))
        self.maxh = list(range(32, 0, -1))

    def push(self, n):
        _heapq.heappush(self.h, _spec_kit.num(n) % 100)

    def pop(self):
        return _heapq.heappop(self.h) if self.h else None

    def pushpop(self, n):
        return _heapq.heappushpop(self.h, _spec_kit.num(n) % 100)

    def replace(self, n):
        return _heapq.heapreplace(self.h, _spec_kit.num(n) % 100) if self.h else None

    def heapify(self):
        _heapq.heapify(self.h)
        _heapq._heapify_max(self.maxh)

    def pop_max(self):
        return _heapq._heappop_max(self.maxh) if self.maxh else None

    def append(self, x):
        self.h.append(_spec_kit.num(x) % 100)
        self.maxh.append(_spec_kit.num(x) % 100)

    def clear(self):
        if len(self.h) > 64:
            self.h.clear()
        if len(self.maxh) > 64:
            del self.maxh[32:]

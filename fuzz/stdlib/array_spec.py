"""array_spec.py - an array.array (its constructor needs a typecode) shared by the threads."""
import array


class SharedArray:
    def __init__(self):
        self.a = array.array("i", range(32))

    def append(self, x):
        self.a.append(hash(x) & 0x7FFF)

    def pop(self):
        return self.a.pop() if len(self.a) > 1 else None

    def getitem(self, n):
        return self.a[hash(n) % len(self.a)] if self.a else None

    def extend(self, x):
        self.a.extend([1, 2, 3])

    def reverse(self):
        self.a.reverse()

    def tobytes(self):
        return self.a.tobytes()

    def iterate(self):
        return sum(1 for _ in self.a)

    def buffer(self):
        with memoryview(self.a) as m:
            return len(m)

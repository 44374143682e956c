"""mmap_spec.py - one anonymous mmap (its constructor needs a length) shared by the threads:
writes, reads, finds, moves and resizes at once. It is never closed (a closed map only raises)."""
import mmap

import _spec_kit


class SharedMap:
    def __init__(self):
        self.m = mmap.mmap(-1, 4096, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)  # resizable
        self.m.write(b"0123456789abcdef" * 16)

    def write_at(self, n, x):
        data = str(x).encode()[:16]
        at = _spec_kit.num(n) % max(1, len(self.m) - len(data))
        self.m[at:at + len(data)] = data

    def read(self, n):
        self.m.seek(_spec_kit.num(n) % len(self.m))
        return self.m.read(16)

    def readline(self):
        return self.m.readline()

    def find(self, x):
        return self.m.find(str(x).encode()[:4] or b"a")

    def move(self, n):
        size = len(self.m)
        self.m.move(0, _spec_kit.num(n) % (size // 2), size // 2)

    def resize(self, n):
        self.m.resize(4096 * (1 + _spec_kit.num(n) % 3))

    def item(self, n):
        return self.m[_spec_kit.num(n) % len(self.m)]

    def buffer(self):
        with memoryview(self.m) as v:
            return v[:8].tobytes()

    def flush(self):
        return self.m.flush()

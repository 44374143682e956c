"""_struct_spec.py - a Struct (its constructor needs a format) reading a shared bytearray that
other threads resize. It writes no contents: two threads writing and reading the same bytes
is the program's own race, not the module's."""
import _struct


class SharedStruct:
    def __init__(self):
        self.s = _struct.Struct("<iqd")
        self.buf = bytearray(self.s.size * 4)

    def pack(self, n):
        return self.s.pack(hash(n) & 0xFFFF, 2, 1.5)

    def unpack_from(self, n):
        return self.s.unpack_from(self.buf, (hash(n) % 4) * self.s.size)

    def iter_unpack(self):
        return sum(1 for _ in self.s.iter_unpack(self.buf))

    def grow(self, x):
        self.buf.extend(bytes(self.s.size))

    def shrink(self):
        if len(self.buf) > self.s.size * 2:
            del self.buf[-self.s.size:]

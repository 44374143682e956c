"""_struct_spec.py - a Struct (its constructor needs a format) and a shared buffer it packs into."""
import _struct


class SharedStruct:
    def __init__(self):
        self.s = _struct.Struct("<iqd")
        self.buf = bytearray(self.s.size * 4)

    def pack_into(self, n):
        self.s.pack_into(self.buf, (hash(n) % 4) * self.s.size, hash(n) & 0xFFFF, 2, 1.5)

    def unpack_from(self, n):
        return self.s.unpack_from(self.buf, (hash(n) % 4) * self.s.size)

    def iter_unpack(self):
        return sum(1 for _ in self.s.iter_unpack(self.buf))

    def grow(self, x):
        self.buf.extend(bytes(self.s.size))

    def shrink(self):
        if len(self.buf) > self.s.size * 2:
            del self.buf[-self.s.size:]

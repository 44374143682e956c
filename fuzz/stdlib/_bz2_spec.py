"""_bz2_spec.py - a bz2 compressor (built on first use: _spec_kit.lazy) and a decompressor fed
one stream in pieces, shared by the threads."""
import _bz2

import _spec_kit


def _blob():
    c = _bz2.BZ2Compressor(1)
    return c.compress(b"abcdefgh" * 512) + c.flush()


_BLOB = _blob()


class SharedStreams:
    def __init__(self):
        self.d = _bz2.BZ2Decompressor()

    def compress(self, x):
        c = _spec_kit.lazy(self, "c", lambda: _bz2.BZ2Compressor(1))
        return c.compress(str(x).encode() * 8)

    def decompress(self, n):
        return self.d.decompress(_BLOB, _spec_kit.num(n) % 256)

    def decompress_more(self):
        return self.d.decompress(b"", 64)

    def renew(self):
        """A fresh stream once one ends (other threads still hold the old one)."""
        if self.d.eof:
            self.d = _bz2.BZ2Decompressor()

    def state(self):
        return self.d.eof, self.d.needs_input, len(self.d.unused_data)

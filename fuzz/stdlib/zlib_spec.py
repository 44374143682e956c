"""zlib_spec.py - a compressor and a decompressor object shared by the threads (made by factories)."""
import zlib


class SharedStreams:
    def __init__(self):
        self.c = zlib.compressobj()
        self.d = zlib.decompressobj()
        self.blob = zlib.compress(b"abcdefgh" * 64)

    def compress(self, x):
        return self.c.compress(str(x).encode() * 4)

    def flush(self):
        return self.c.flush(zlib.Z_SYNC_FLUSH)

    def decompress(self):
        return self.d.decompress(self.blob, 64)

    def unconsumed(self):
        return len(self.d.unconsumed_tail)

    def copy(self):
        return self.c.copy()

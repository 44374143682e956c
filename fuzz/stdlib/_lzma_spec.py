"""_lzma_spec.py - an LZMA compressor and decompressors (xz, and raw with a filter chain, which
needs constructor arguments) shared by the threads."""
import _lzma

import _spec_kit

_FILTERS = [{"id": _lzma.FILTER_LZMA2, "preset": 1}]


class SharedStreams:
    def __init__(self):
        self.c = _lzma.LZMACompressor(_lzma.FORMAT_XZ, _lzma.CHECK_CRC32, 1)
        self.raw_c = _lzma.LZMACompressor(_lzma.FORMAT_RAW, -1, None, _FILTERS)
        self.d = _lzma.LZMADecompressor()
        self.raw_d = _lzma.LZMADecompressor(_lzma.FORMAT_RAW, None, _FILTERS)
        c = _lzma.LZMACompressor()
        self.blob = c.compress(b"abcdefgh" * 512) + c.flush()
        c = _lzma.LZMACompressor(_lzma.FORMAT_RAW, -1, None, _FILTERS)
        self.raw_blob = c.compress(b"01234567" * 512) + c.flush()

    def compress(self, x):
        return self.c.compress(str(x).encode() * 8)

    def compress_raw(self, x):
        return self.raw_c.compress(str(x).encode() * 8)

    def decompress(self, n):
        return self.d.decompress(self.blob, _spec_kit.num(n) % 256)

    def decompress_more(self):
        return self.d.decompress(b"", 64)

    def state(self):
        return self.d.eof, self.d.needs_input, len(self.d.unused_data), self.d.check

    def raw(self, n):
        k = _spec_kit.num(n) % len(self.raw_blob)
        return self.raw_d.decompress(self.raw_blob[k:k + 32], 64)

    def renew(self):
        """A fresh stream once one ends (other threads still hold the old one)."""
        if self.d.eof:
            self.d = _lzma.LZMADecompressor()
        if self.raw_d.eof:
            self.raw_d = _lzma.LZMADecompressor(_lzma.FORMAT_RAW, None, _FILTERS)

"""_lzma_spec.py - an LZMA compressor and decompressors (xz, and raw with a filter chain, which
needs constructor arguments) shared by the threads. The compressors are built on first use
(_spec_kit.lazy): one costs tens of milliseconds."""
import _lzma

import _spec_kit

_FILTERS = [{"id": _lzma.FILTER_LZMA2, "preset": 0}]


def _blob(fmt, filters, data):
    c = _lzma.LZMACompressor(fmt, -1 if filters else _lzma.CHECK_CRC32,
                             None if filters else 0, filters)
    return c.compress(data) + c.flush()


_XZ = _blob(_lzma.FORMAT_XZ, None, b"abcdefgh" * 512)
_RAW = _blob(_lzma.FORMAT_RAW, _FILTERS, b"01234567" * 512)


class SharedStreams:
    def __init__(self):
        self.d = _lzma.LZMADecompressor()
        self.raw_d = _lzma.LZMADecompressor(_lzma.FORMAT_RAW, None, _FILTERS)

    def _c(self):
        return _spec_kit.lazy(self, "c", lambda: _lzma.LZMACompressor(
            _lzma.FORMAT_XZ, _lzma.CHECK_CRC32, 0))

    def _raw_c(self):
        return _spec_kit.lazy(self, "raw_c", lambda: _lzma.LZMACompressor(
            _lzma.FORMAT_RAW, -1, None, _FILTERS))

    def compress(self, x):
        return self._c().compress(str(x).encode() * 8)

    def compress_raw(self, x):
        return self._raw_c().compress(str(x).encode() * 8)

    def decompress(self, n):
        return self.d.decompress(_XZ, _spec_kit.num(n) % 256)

    def decompress_more(self):
        return self.d.decompress(b"", 64)

    def state(self):
        return self.d.eof, self.d.needs_input, len(self.d.unused_data), self.d.check

    def raw(self, n):
        k = _spec_kit.num(n) % len(_RAW)
        return self.raw_d.decompress(_RAW[k:k + 32], 64)

    def renew(self):
        """A fresh stream once one ends (other threads still hold the old one)."""
        if self.d.eof:
            self.d = _lzma.LZMADecompressor()
        if self.raw_d.eof:
            self.raw_d = _lzma.LZMADecompressor(_lzma.FORMAT_RAW, None, _FILTERS)

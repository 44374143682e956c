"""_sre_spec.py - compiled Patterns, the Scanners and Match objects they make (only a pattern
builds them) shared by the threads: two threads step one Scanner at once, read the groups,
spans and lazily built regs of the same Matches, and substitute with a callable that hands
its Matches to the other threads, over a shared str and a shared bytearray (every match over
it exports its buffer; nothing resizes it: that would be the program's own race)."""
import _sre
import re

import _spec_kit

_TEXT = "alpha 12 beta 7 Gamma xyyy z delta 345 " * 4
_PATTERNS = [
    re.compile(r"(?P<word>\w+)\s*(?P<num>\d*)"),
    re.compile(r"(?i)(x+?)(y{2,5})|\b(z)"),
    re.compile(r"(?m)^(\w)(.*?)(?=\s|$)"),
    re.compile(rb"(a|b)+(?P<tail>c?)(?=\s)"),
    re.compile(rb"(\d+)|([A-Z][a-z]*)"),
]


def _target(pattern, x):
    s = str(x)[:48] + _TEXT
    return s.encode() if isinstance(pattern.pattern, bytes) else s


class SharedPattern:
    """The patterns, a Scanner per pattern, and the Matches the threads pass around."""

    def __init__(self):
        self.matches = []
        self.buf = bytearray(_TEXT.encode())

    def _p(self, x):
        return _PATTERNS[_spec_kit.num(x) % len(_PATTERNS)]

    def _scanners(self):
        return _spec_kit.lazy(self, "scanners", lambda: [
            p.scanner(self.buf if isinstance(p.pattern, bytes) else _TEXT) for p in _PATTERNS])

    def _keep(self, m):
        if m is not None:
            if len(self.matches) < 16:
                self.matches.append(m)
            else:
                self.matches[_spec_kit.num(m.start()) % 16] = m
        return m

    def _m(self, x):
        ms = self.matches
        return ms[_spec_kit.num(x) % len(ms)] if ms else None

    def search(self, x):
        p = self._p(x)
        return self._keep(p.search(_target(p, x), _spec_kit.num(x) % 32)) is not None

    def match(self, x):
        p = self._p(x)
        return self._keep(p.match(_target(p, x))) is not None

    def fullmatch(self, x):
        p = self._p(x)
        return p.fullmatch(_target(p, x)[:8]) is not None

    def findall(self, x):
        p = self._p(x)
        return len(p.findall(_target(p, x)))

    def finditer(self, x):
        p = self._p(x)
        for m in p.finditer(_target(p, x)):
            self._keep(m)
        return len(self.matches)

    def split(self, x):
        p = self._p(x)
        return len(p.split(_target(p, x), _spec_kit.num(x) % 4))

    def sub(self, x):
        """A substitution whose callable keeps every Match for the other threads."""
        p = self._p(x)
        return p.subn(lambda m: m.group(0)[:1] * bool(self._keep(m)), _target(p, x))[1]

    def sub_template(self, x):
        p = self._p(x)
        t = b"<\\1>" if isinstance(p.pattern, bytes) else "<\\1>"
        try:
            return p.sub(t, _target(p, x), _spec_kit.num(x) % 8)[:8]
        except (re.error, IndexError):
            return None

    def scan(self, x):
        """One step of a shared Scanner; a spent one is replaced."""
        scanners = self._scanners()
        k = _spec_kit.num(x) % len(scanners)
        s = scanners[k]
        try:
            m = s.search() if _spec_kit.num(x) & 1 else s.match()
        except ValueError:  # "regular expression scanner already executing"
            return None
        if m is None:
            p = _PATTERNS[k]
            scanners[k] = p.scanner(self.buf if isinstance(p.pattern, bytes) else _TEXT)
        return self._keep(m) is not None

    def groups(self, x):
        m = self._m(x)
        if m is None:
            return None
        return m.groups(), m.groupdict(x), m.lastindex, m.lastgroup, m.span(), m.regs

    def group(self, x):
        m = self._m(x)
        if m is None:
            return None
        try:
            return m[_spec_kit.num(x) % (1 + len(m.regs))], m.start(1), m.end(0), m.pos
        except IndexError:
            return None

    def expand(self, x):
        m = self._m(x)
        if m is None:
            return None
        t = b"[\\g<0>]" if isinstance(m.re.pattern, bytes) else "[\\g<0>]"
        return m.expand(t), m.string[:4], m.re.groupindex, m.endpos

    def copy(self, x):
        m = self._m(x)
        p = self._p(x)
        return p.__copy__() is p, p.groupindex, p.groups, m.__copy__() if m else None

    def search_buf(self, x):
        """A bytes pattern over the shared bytearray the bytes Scanners hold too: each match
        exports and releases its buffer."""
        p = _PATTERNS[3 + _spec_kit.num(x) % 2]
        return self._keep(p.search(self.buf, _spec_kit.num(x) % 64)) is not None

    def compiled(self, x):
        """_sre's own helpers on pool values (the case tables)."""
        k = _spec_kit.num(x) % 0x110000
        return (_sre.unicode_iscased(k), _sre.unicode_tolower(k), _sre.ascii_iscased(k & 0x7F),
                _sre.getcodesize())

"""_tokenize_spec.py - TokenizerIters (the constructor needs a readline callable) shared by the
threads, advanced by several at once: one over a shared StringIO other threads append source
to, one over bytes with an encoding, and one whose readline is a Python function walking a
shared list of lines (f-strings, brackets, indents and a few errors among them). A spent or
failed iterator is replaced."""
import _tokenize
import io

import _spec_kit

_SOURCE = [
    "def f(x, *a, y=1, **k):\n",
    "    if x and (y or\n",
    "              [a, {k: 2}]):\n",
    "        return f'{x!r:>{y}} and {a[0]=}' + rb'\\x00' + '''doc\n",
    "string'''\n",
    "    return lambda: x @ y ** -1.5e3j  # comment\n",
    "\n",
    "class C(B, metaclass=M):\n",
    "\tpass; \\\n",
    "    café = 0x_ff if not None else ...\n",
    "async def g():\n",
    "    await h(f\"{'nested' f'{1:{2}}'}\")\n",
    "  bad_dedent = 1\n",
    "x = $ ? `\n",
    "y = (1,\n",
]
_ERRORS = (SyntaxError, TypeError, ValueError, UnicodeDecodeError, IndexError)


class SharedTokenizers:
    def __init__(self):
        self.lines = list(_SOURCE)
        self.pos = [0]
        self.text = io.StringIO("".join(_SOURCE))

    def _readline(self):
        """The next shared line, a few past the end: '' (the end), then bytes (a TypeError)."""
        i = self.pos[0]
        self.pos[0] = i + 1
        if i < len(self.lines):
            return self.lines[i]
        return "" if i < len(self.lines) + 2 else b"oops\n"

    def _make(self, k):
        if k == 0:
            return _tokenize.TokenizerIter(self.text.readline, extra_tokens=True)
        if k == 1:  # a BytesIO of its own: 3.13's BytesIO does not lock, its seek races
            blob = io.BytesIO("".join(_SOURCE[:12]).encode("utf-8"))
            return _tokenize.TokenizerIter(blob.readline, extra_tokens=False, encoding="utf-8")
        return _tokenize.TokenizerIter(self._readline, extra_tokens=bool(self.pos[0] & 1))

    def _iters(self):
        return _spec_kit.lazy(self, "iters", lambda: [self._make(k) for k in range(3)])

    def next(self, x):
        k = _spec_kit.num(x) % 3
        iters = self._iters()
        try:
            return next(iters[k])
        except StopIteration:
            pass
        except _ERRORS:
            pass
        self.renew(k)
        return None

    def take(self, x):
        """Several tokens in a row from one iterator."""
        k = _spec_kit.num(x) % 3
        it = self._iters()[k]
        out = []
        try:
            for _ in range(1 + _spec_kit.num(x) % 8):
                out.append(next(it)[1])
        except (StopIteration,) + _ERRORS:
            self.renew(k)
        return out

    def renew(self, k):
        k = _spec_kit.num(k) % 3
        if k == 0:
            self.text.seek(0)
        elif k == 2:
            self.pos[0] = 0
        self._iters()[k] = self._make(k)

    def feed(self, x):
        """More source at the end of the shared StringIO, from where its reader stands."""
        line = _SOURCE[_spec_kit.num(x) % len(_SOURCE)]
        at = self.text.tell()
        self.text.seek(0, 2)
        self.text.write(line.replace("x", str(x)[:8]) if _spec_kit.num(x) & 1 else line)
        self.text.seek(at)

    def edit(self, x):
        """Change a shared line the Python readline returns."""
        i = _spec_kit.num(x) % len(self.lines)
        self.lines[i] = _SOURCE[(i + 1) % len(_SOURCE)]

    def tokenize(self, x):
        """A whole fresh source from the shared lines (what tokenize.tokenize does)."""
        lines = iter(self.lines[:_spec_kit.num(x) % len(self.lines)])
        try:
            return sum(1 for _ in _tokenize.TokenizerIter(lambda: next(lines, ""),
                                                         extra_tokens=True))
        except _ERRORS:
            return None

"""posix_spec.py - ScandirIterators and the DirEntry objects they yield (neither can be built
directly) shared by the threads: several threads advance and close one iterator at once,
and ask the same entries for their stat, type and inode, which a DirEntry fetches on first
use and caches. The directories are read, never written: CPython's own library directory,
two of its packages, and /dev (symbolic links, devices). A spent or closed iterator is
replaced by a fresh one."""
import os
import posix

import _spec_kit

_LIB = os.path.dirname(os.__file__)
_DIRS = [_LIB, os.path.join(_LIB, "json"), os.path.join(_LIB, "encodings"), "/dev", b"/dev"]
_ERRORS = (OSError, ValueError)


class SharedScandir:
    def __init__(self):
        self.entries = []

    def _iters(self):
        return _spec_kit.lazy(self, "iters", lambda: [posix.scandir(d) for d in _DIRS[:3]])

    def _entry(self, x):
        e = self.entries
        return e[_spec_kit.num(x) % len(e)] if e else None

    def next(self, x):
        iters = self._iters()
        k = _spec_kit.num(x) % len(iters)
        try:
            entry = next(iters[k])
        except StopIteration:
            iters[k] = posix.scandir(_DIRS[(k + _spec_kit.num(x)) % len(_DIRS)])
            return None
        except _ERRORS:
            return None
        if len(self.entries) < 32:
            self.entries.append(entry)
        else:
            self.entries[_spec_kit.num(x) % 32] = entry
        return entry.name

    def close(self, x):
        """Close one iterator (another thread may be reading it), and start it over."""
        iters = self._iters()
        k = _spec_kit.num(x) % len(iters)
        it = iters[k]
        it.close()
        if _spec_kit.num(x) & 1:
            iters[k] = posix.scandir(_DIRS[k])

    def with_block(self, x):
        """A whole fresh scan, its entries asked for their type on the way."""
        n = 0
        with posix.scandir(_DIRS[_spec_kit.num(x) % len(_DIRS)]) as it:
            for e in it:
                n += e.is_dir(follow_symlinks=False)
                if n > 8 and not _spec_kit.num(x) & 1:
                    break  # closed with entries left
        return n

    def stat(self, x):
        e = self._entry(x)
        if e is None:
            return None
        try:
            st = e.stat(follow_symlinks=bool(_spec_kit.num(x) & 1))
        except _ERRORS:
            return None
        return st.st_mode, st.st_size

    def kinds(self, x):
        e = self._entry(x)
        if e is None:
            return None
        follow = bool(_spec_kit.num(x) & 2)
        try:
            return (e.is_dir(follow_symlinks=follow), e.is_file(follow_symlinks=follow),
                    e.is_symlink(), e.is_junction())
        except _ERRORS:
            return None

    def inode(self, x):
        e = self._entry(x)
        if e is None:
            return None
        return e.inode(), e.name, e.path, os.fspath(e), repr(e)[:24]

    def restat(self, x):
        """The entry's path through posix.stat and lstat, beside its cached stat."""
        e = self._entry(x)
        if e is None:
            return None
        try:
            return posix.stat(e.path).st_ino == posix.lstat(e).st_ino
        except _ERRORS:
            return None

    def listdir(self, x):
        return len(posix.listdir(_DIRS[_spec_kit.num(x) % len(_DIRS)]))

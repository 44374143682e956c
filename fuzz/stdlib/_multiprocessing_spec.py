"""_multiprocessing_spec.py - a counting SemLock and a recursive-mutex SemLock (the constructor
needs a kind, values and a name) shared by the threads: acquired without blocking or for at
most a millisecond, released (too often, or by a thread that does not own the mutex: the
errors are the results), counted and tested at once. Each is a POSIX named semaphore created
with unlink=True, so its name is gone from the machine as soon as it exists; the names carry
the process id and random bytes. Built on first use (_spec_kit.lazy)."""
import _multiprocessing
import os

import _spec_kit

_SemLock = _multiprocessing.SemLock
_RECURSIVE_MUTEX, _SEMAPHORE = 0, 1
_ERRORS = (ValueError, AssertionError, OSError)


def _sem(kind, value, maxvalue):
    name = "/ftfuzz-%d-%s" % (os.getpid(), os.urandom(6).hex())
    return _SemLock(kind, value, maxvalue, name, True)


class SharedSemLocks:
    def _locks(self):
        return _spec_kit.lazy(self, "locks", lambda: (
            _sem(_SEMAPHORE, 2, 4), _sem(_RECURSIVE_MUTEX, 1, 1)))

    def _lock(self, x):
        return self._locks()[_spec_kit.num(x) % 2]

    def acquire(self, x):
        """Take one, and give it back unless the value asks to hold it."""
        k = _spec_kit.num(x)
        s = self._lock(x)
        got = s.acquire(True, 0.001) if k & 2 else s.acquire(False)
        if got and not k & 4:
            try:
                s.release()
            except _ERRORS:
                pass
        return got

    def release(self, x):
        try:
            self._lock(x).release()
        except _ERRORS:  # released too many times, or not this thread's mutex
            return False
        return True

    def nested(self, x):
        """The mutex taken a few times over by one thread, then given back."""
        m = self._locks()[1]
        n = 0
        while n < 1 + _spec_kit.num(x) % 4 and m.acquire(False):
            n += 1
        for _ in range(n):
            m.release()
        return n

    def with_block(self, x):
        s = self._lock(x)
        if s.acquire(True, 0.001):
            try:
                return s._count(), s._is_mine()
            finally:
                s.release()
        return None

    def state(self, x):
        s = self._lock(x)
        try:
            value = s._get_value()
        except _ERRORS:
            value = None
        return s._count(), s._is_mine(), s._is_zero(), value, s.kind, s.maxvalue, s.name

    def fresh(self, x):
        """A semaphore of one's own, made, used and dropped."""
        s = _sem(_SEMAPHORE, _spec_kit.num(x) % 3, 3)
        return s.acquire(False), s._is_zero()

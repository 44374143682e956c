"""_thread_spec.py - a lock, an RLock, a _local and a _local subclass whose __init__ needs an
argument (run once per thread on first use), shared by the threads; and the _ThreadHandles of
short threads the spec starts (they touch the same lock and locals and end at once: their
locals are cleared as they exit), joined by several threads at once. Nothing blocks for more
than a millisecond: acquires are non-blocking or time out in 1 ms, and so do joins."""
import _thread

import _spec_kit

# Introspection would call the module's own lock.acquire() and RLock.acquire() with no
# timeout on instances other threads hold: the run hangs (a hang finding of the harness's
# making, not the module's). This spec's operations are the module's, without blocking.
INTROSPECT = False


_calls = [0]


class _Local(_thread._local):
    def __init__(self, start):
        self.start = start
        self.n = 0


class SharedLocks:
    def __init__(self):
        self.lock = _thread.allocate_lock()
        self.rlock = _thread.RLock()
        self.local = _thread._local()
        self.sub = _Local(7)
        self.handles = []

    def acquire(self, x):
        k = _spec_kit.num(x)
        got = self.lock.acquire(True, 0.001) if k & 1 else self.lock.acquire(False)
        if got and not k & 2:
            self.lock.release()  # else held until a release op (from any thread)
        return got

    def release(self):
        try:
            self.lock.release()
        except RuntimeError:  # not held
            pass
        return self.lock.locked()

    def with_lock(self, x):
        if self.lock.acquire(timeout=0.001):
            try:
                self.local.held = x
            finally:
                self.lock.release()

    def racquire(self, x):
        """Take the RLock a few times over, then give back all or all but one."""
        k = _spec_kit.num(x)
        n = 0
        while n < 1 + k % 4 and (self.rlock.acquire(False) if k & 1
                                  else self.rlock.acquire(True, 0.001)):
            n += 1
        for _ in range(n - (1 if k & 8 else 0)):
            self.rlock.release()
        return n, self.rlock._is_owned(), self.rlock._recursion_count()

    def rrelease(self):
        try:
            self.rlock.release()
        except RuntimeError:  # not owned by this thread
            pass
        return repr(self.rlock)[:24]

    def local_set(self, x):
        self.local.v = x
        self.sub.n = getattr(self.sub, "n", 0) + 1  # local_del may have cleared it
        return getattr(self.sub, "start", None)

    def local_get(self):
        return getattr(self.local, "v", None), getattr(self.sub, "n", None), len(
            self.local.__dict__)

    def local_del(self):
        try:
            del self.local.v
        except AttributeError:
            pass
        self.sub.__dict__.clear()

    def _touch(self):
        try:
            self.local.v = 1
            self.sub.n += 1  # a new thread: __init__ runs first
            if self.lock.acquire(False):
                self.lock.release()
        except Exception:
            pass  # a thread's exception would print; nothing here should raise

    def thread(self, x):
        """A short thread over the shared objects: one call in 16 starts one, at most four
        alive at a time and eight an object. ThreadSanitizer makes each new thread slower
        to start than the last, so a thread a call would soon read as a hang."""
        _calls[0] += 1
        live = [h for h in self.handles if not h.is_done()]
        if _calls[0] % 16 or len(live) >= 4 or len(self.handles) >= 8:
            return live[0].ident if live else None
        h = _thread.start_joinable_thread(self._touch, daemon=True)
        self.handles.append(h)
        return h.ident

    def join(self, x):
        if not self.handles:
            return None
        h = self.handles[_spec_kit.num(x) % len(self.handles)]
        try:
            h.join(0.001)
        except RuntimeError:
            pass
        return h.is_done(), h.ident

    def counts(self):
        return (_thread._count(), _thread.get_ident(), _thread.get_native_id(),
                _thread.daemon_threads_allowed(), _thread.stack_size(), self.lock.locked(),
                _thread._get_main_thread_ident(), _thread._is_main_interpreter())

    def fresh(self, x):
        """New locks of each kind, taken and released by the caller alone."""
        a, b = _thread.allocate_lock(), _thread.RLock()
        return a.acquire(False) and b.acquire(False), a.locked(), repr(b)[:8]

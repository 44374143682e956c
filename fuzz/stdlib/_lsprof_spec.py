"""_lsprof_spec.py - two Profilers shared by the threads (one with a Python timer, which needs a
constructor argument): each profile op enables one, runs a little Python and C code and
disables it again, while other threads read, clear and re-enable it. In 3.13 enable()
registers sys.monitoring callbacks for every thread, not only the caller, so the other
threads' calls are recorded into the same profiler meanwhile. Only one profiler holds the
profiling tool id at a time: an enable that finds it taken raises ValueError, and every
op that enables disables in a finally, so no profiler stays on after its program (unless
the unlocked flags of _lsprof.c lose the update that says it is on: a bug of its own)."""
import _lsprof

import _spec_kit

_clock = [0]


def _timer():
    _clock[0] += 1
    return _clock[0]


def _work(n):
    """Python calls that call C (sorted, str.join, len): profile events of both kinds."""
    def leaf(i):
        return len(str(i))

    def mid(k):
        return sum(leaf(i) for i in range(k))

    return mid(n % 16) + len(sorted(str(n))) + len("-".join(map(str, range(n % 8))))


class SharedProfiler:
    def __init__(self):
        self.p = [_lsprof.Profiler(), _lsprof.Profiler(_timer, 0.001)]

    def _prof(self, x):
        return self.p[_spec_kit.num(x) % 2]

    def profile(self, x):
        k = _spec_kit.num(x)
        p = self.p[k % 2]
        try:
            p.enable(bool(k & 2), bool(k & 4))
        except ValueError:  # the tool id is another profiler's for now
            return None
        try:
            return _work(k)
        finally:
            p.disable()

    def profile_nested(self, x):
        """Enable inside a profiled call, and disable from a deeper frame than enable's."""
        k = _spec_kit.num(x)
        p = self.p[k % 2]

        def inner():
            try:
                return _work(k + 1)
            finally:
                p.disable()

        try:
            p.enable()
        except ValueError:
            return None
        try:
            return inner()
        finally:
            p.disable()

    def work(self, x):
        """Calls another thread's enabled profiler records."""
        return _work(_spec_kit.num(x))

    def stats(self, x):
        out = []
        for e in self._prof(x).getstats():
            out.append((e.callcount, e.reccallcount, e.totaltime, e.inlinetime))
            for s in e.calls or ():
                out.append((s.callcount, s.totaltime))
        return len(out)

    def clear(self, x):
        self._prof(x).clear()

    def disable(self, x):
        self._prof(x).disable()

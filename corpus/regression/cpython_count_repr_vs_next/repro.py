"""ftfuzz reproducer: a generated concurrent program for free-threaded CPython.

Run it on any free-threaded build:
    python3.13t repro.py
Run it on the ThreadSanitizer build (ftfuzz's CPython), with CPython's suppressions
for its known reports (Tools/tsan/suppressions_free_threading.txt in its source):
    TSAN_OPTIONS=suppressions=SUPPRESSIONS_FILE PREFIX/bin/python3.13t repro.py
It runs the program FTFUZZ_ROUNDS times (default 10): races need lucky overlaps.
Exit status 1 when a thread raised an exception its op does not allow or check()
found a broken atomicity guarantee, else 0.
"""
import collections, gc, itertools, operator, pickle, traceback
try:
    from _ftfuzz import sched_yield as _fy, spin as _fs, sleep_us as _fl
except ImportError:  # standalone: pure-Python schedule points
    import os, time
    _fy = getattr(os, 'sched_yield', lambda: time.sleep(0))

    def _fs(n):
        for _ in range(n):
            pass

    def _fl(us):
        time.sleep(us / 1e6)

ERRORS = []

S0 = itertools.count()  # itertools.count
S1 = itertools.count()  # itertools.count


def t0(_barrier):
    global S0, S1
    _barrier.wait()
    try:
        for _i in range(200):
            S1 = itertools.count()  # RECREATE
            _fy()
            try:
                repr(S1)
            except RuntimeError:
                pass
    except BaseException:
        ERRORS.append((0, traceback.format_exc()))


def t1(_barrier):
    global S0, S1
    _barrier.wait()
    try:
        for _i in range(200):
            _fy()
            try:
                list(itertools.islice(S1, 5))
            except RuntimeError:
                pass
    except BaseException:
        ERRORS.append((1, traceback.format_exc()))


THREADS = [t0, t1]


def check():
    """Atomicity oracle: return a list of str, one per broken guarantee (empty = fine)."""
    return []


class _SpinLine:
    """Start line: all threads arrive, then all leave at once (busy-waiting)."""
    def __init__(self, n):
        import threading
        self.n, self.arrived, self.lock = n, 0, threading.Lock()

    def wait(self):
        with self.lock:
            self.arrived += 1
        while self.arrived < self.n:
            pass


if __name__ == "__main__":
    import os, sys, threading
    ROUNDS = int(os.environ.get('FTFUZZ_ROUNDS', '10'))
    with open(__file__) as _src:
        _code = compile(_src.read(), __file__, 'exec')
    _failed = False
    for _round in range(ROUNDS):
        _ns = {'__name__': '__ftfuzz_round__', '__file__': __file__}
        exec(_code, _ns)
        _line = _SpinLine(len(_ns['THREADS']))
        _ts = [threading.Thread(target=_f, args=(_line,)) for _f in _ns['THREADS']]
        for _t in _ts:
            _t.start()
        for _t in _ts:
            _t.join()
        _msgs = _ns['check']()
        for _n, _tb in _ns['ERRORS']:
            print('round %d: thread %d raised:\n%s' % (_round, _n, _tb), file=sys.stderr)
        for _m in _msgs:
            print('round %d: atomicity: %s' % (_round, _m), file=sys.stderr)
        if _ns['ERRORS'] or _msgs:
            _failed = True
            break
    sys.exit(1 if _failed else 0)

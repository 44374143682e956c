"""ftfuzz reproducer: a generated concurrent program for free-threaded CPython.

Run it on any free-threaded build:
    python3.13t repro.py
Run it on the ThreadSanitizer build (ftfuzz's CPython), with CPython's suppressions
for its known reports (Tools/tsan/suppressions_free_threading.txt in its source):
    TSAN_OPTIONS=suppressions=SUPPRESSIONS_FILE PREFIX/bin/python3.13t repro.py
Exit status 1 when a thread raised an exception its op does not allow or check()
found a broken atomicity guarantee, else 0.
"""
import collections, gc, itertools, operator, pickle, traceback
import racy_global
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

S0 = object()  # module object
S1 = object()  # module object
S2 = object()  # module object
S3 = object()  # module object
S4 = object()  # module object
S5 = object()  # module object


def t0(_barrier):
    global S0, S1, S2, S3, S4, S5
    _barrier.wait()
    try:
        for _i in range(200):
            try:
                racy_global.bump()  # MOD_CALL
            except (TypeError, ValueError, KeyError, IndexError, AttributeError, OverflowError, BufferError, NotImplementedError, RuntimeError):
                pass
    except BaseException:
        ERRORS.append((0, traceback.format_exc()))


def t1(_barrier):
    global S0, S1, S2, S3, S4, S5
    _barrier.wait()
    try:
        for _i in range(200):
            _fl(8)
            try:
                racy_global.total()  # MOD_METHOD
            except (TypeError, ValueError, KeyError, IndexError, AttributeError, OverflowError, BufferError, NotImplementedError, RuntimeError):
                pass
    except BaseException:
        ERRORS.append((1, traceback.format_exc()))


THREADS = [t0, t1]


def check():
    """Atomicity oracle: return a list of str, one per broken guarantee (empty = fine)."""
    return []


if __name__ == "__main__":
    import sys, threading
    _b = threading.Barrier(len(THREADS))
    _ts = [threading.Thread(target=_f, args=(_b,)) for _f in THREADS]
    for _t in _ts:
        _t.start()
    for _t in _ts:
        _t.join()
    _msgs = check()
    for _n, _tb in ERRORS:
        print('thread %d raised:\n%s' % (_n, _tb), file=sys.stderr)
    for _m in _msgs:
        print('atomicity: ' + _m, file=sys.stderr)
    sys.exit(1 if ERRORS or _msgs else 0)

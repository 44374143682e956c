"""ftfuzz reproducer: a generated concurrent program for free-threaded CPython.

Run it on any free-threaded build, with the GIL off:
    PYTHON_GIL=0 python3.13t repro.py
(a module that does not declare Py_mod_gil turns the GIL back on when imported, which
hides every race; run as a script, repro.py sets PYTHON_GIL=0 itself, re-executing once).
Run it on the ThreadSanitizer build (ftfuzz's CPython), with CPython's suppressions
for its known reports (Tools/tsan/suppressions_free_threading.txt in its source):
    PYTHON_GIL=0 TSAN_OPTIONS=suppressions=SUPPRESSIONS_FILE PREFIX/bin/python3.13t repro.py
It runs the program FTFUZZ_ROUNDS times (default 10): races need lucky overlaps.
Exit status 1 when a thread raised an exception its op does not allow or check()
found a broken atomicity guarantee, else 0.
"""
import collections, gc, itertools, operator, pickle, traceback

S0 = [0, 'a']  # list
S1 = {0: 0}  # dict
S3 = 0  # global counter
S2 = enumerate(S0)  # shared iterator
_init_S1 = list(S1)  # for check()
_took_t1_S1 = []  # what t1 took from S1


def t0():
    global S0, S1, S2, S3
    for _i in range(100):
        _fy()
        S0.append('a')
        S1[_TK | _i << 8 | 1] = None
        try:
            next(S2, None)
        except RuntimeError:
            pass
        S3 += 1


def t1():
    for _i in range(20):
        _fs(48)
        try:
            S0.pop()
        except IndexError:
            pass
        try:
            S1.pop(0)
            _took_t1_S1.append(0)
        except KeyError:
            pass
        _fl(5)
        try:
            if len(S0) < 256: S0.extend(itertools.islice(S2, 16))  # EXTEND
        except RuntimeError:
            pass


# ---- fixed helpers: schedule points, the start and finish lines, check() ----
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
_TK = 1 << 40  # base of unique tokens: _TK | iteration << 8 | op id


def _conserved(what, before, after):
    # Multisets compared by repr: elements may be unhashable; pool values and tokens
    # have distinct reprs.
    a = collections.Counter(map(repr, before))
    b = collections.Counter(map(repr, after))
    if a == b:
        return []
    lost = sorted((a - b).elements())[:8]
    extra = sorted((b - a).elements())[:8]
    return ['%s: elements not conserved: lost %s, duplicated or forged %s'
            % (what, lost, extra)]


def _in_line(n, body):
    def run(_barrier):
        _end = _barrier.wait()
        try:
            body()
        except BaseException:
            ERRORS.append((n, traceback.format_exc()))
        finally:
            _end.finish()
    return run


THREADS = [_in_line(0, t0), _in_line(1, t1)]


def check():
    """Atomicity oracle: return a list of str, one per broken guarantee (empty = fine)."""
    if ERRORS:
        return []  # a thread stopped early: what it added is unknown
    bad = []
    # S1 (dict): DICT_SET_TOKEN DICT_POP
    bad += _conserved('S1 (dict)', _init_S1 + [_TK | _i << 8 | 1 for _i in range(100)],
                      list(S1) + _took_t1_S1)
    return bad


class _SpinLine:
    """Start line: all threads arrive, then all leave at once (busy-waiting).
    wait() returns the thread's own way to the finish line, where no thread ends
    before the others (ThreadSanitizer mostly misses a race with a thread that has
    ended). Nothing a thread touches at the finish is touched by one still leaving
    the start: ThreadSanitizer would take that as an order between them."""
    def __init__(self, n):
        import threading
        self.n, self.arrived, self.lock = n, 0, threading.Lock()
        self.end = _EndLine(n)

    def wait(self):
        end = _Finish(self.end)
        with self.lock:
            self.arrived += 1
        while self.arrived < self.n:
            pass
        return end


class _EndLine:
    def __init__(self, n):
        import threading
        self.n, self.arrived, self.lock = n, 0, threading.Lock()


class _Finish:
    def __init__(self, line):
        self.line = line

    def finish(self):
        line = self.line
        with line.lock:
            line.arrived += 1
        while line.arrived < line.n:
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

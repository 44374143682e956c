import collections, gc, itertools, operator, pickle, traceback
import spam

S0 = spam.Eggs()  # module object
S1 = []  # list


def t0():
    for _i in range(100):
        try:
            S0.fry(S1, (1, 'a'))  # MOD_METHOD
        except SystemError: raise
        except Exception: pass


def t1():
    global S0, S1
    for _i in range(100):
        try:
            spam.Eggs()  # MOD_CALL
        except SystemError: raise
        except Exception: pass
        S0 = spam.Eggs()  # RECREATE


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
    return []

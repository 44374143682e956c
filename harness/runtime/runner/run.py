"""run.py - run rendered programs on a persistent pool of worker threads.

The runner/*.py files form one module, _ftfuzz_runner, embedded in ftfuzz: the Makefile
concatenates them in the order RUNNER_PY lists, this file first (it holds the imports).

The C harness calls run(source, timeout) once per program. Creating threads is a third of
a small program's cost under TSan, so workers are created once and reused: each waits on
its own lock, runs one thread body, and signals a shared semaphore.
"""
import os
import sys
import threading
import time
import traceback

_workers = []
# "t0=TID t1=TID ...": the OS thread id of each thread of the latest run, as TSan's
# reports name them ("Thread T2 (tid=TID, ...)"), so a report's stacks map back to program
# threads (src/racing_ops.c). A forked run's child sends its own back with its result
# (isolation.py); "" when a run gave none (a crash, a hang of the child).
last_threads = ""

# Seconds past a run's timeout that the waits around a forked run add (src/deadlines.c,
# set by the C harness at start).
FORK_PARENT_GRACE_S = None
ZYGOTE_REPLY_GRACE_S = None


class _Worker:
    def __init__(self, index):
        self.index = index
        self.job = None
        self.go = threading.Lock()
        self.go.acquire()
        self.busy = False
        self.thread = threading.Thread(target=self._loop, name=f"ftfuzz-worker-{index}",
                                       daemon=True)
        self.thread.start()

    def _loop(self):
        while True:
            self.go.acquire()
            job, self.job = self.job, None
            if job is None:
                return
            body, barrier, done = job
            try:
                body(barrier)
            except BaseException:
                # Thread bodies catch their own exceptions; this only guards the pool.
                pass
            finally:
                self.busy = False
                done.release()


def _idle_workers(n):
    """n workers that are not stuck in an earlier (hung) program."""
    idle = [w for w in _workers if not w.busy]
    while len(idle) < n:
        w = _Worker(len(_workers))
        _workers.append(w)
        idle.append(w)
    return idle[:n]


def _stacks(threads):
    """Every given worker's Python stack, read while they may still run: unseen by TSan
    (_ftfuzz.call_unchecked says why)."""
    from _ftfuzz import call_unchecked
    return call_unchecked(_format_stacks, threads)


def _format_stacks(threads):
    frames = sys._current_frames()
    out = []
    for w in threads:
        ident = w.thread.ident
        frame = frames.get(ident)
        out.append(f"Thread {w.thread.name} (ident {ident}):\n")
        out.append("".join(traceback.format_stack(frame)) if frame else "  <no Python frame>\n")
    return "".join(out)


def _start_line(n, timeout):
    """The lines thread bodies wait on: `end = line.wait()` at their start, `end.finish()`
    at their end (_ftfuzz.SpinBarrier, always registered before this runner loads); a
    waiter gives up after timeout."""
    from _ftfuzz import SpinBarrier
    return SpinBarrier(n, timeout)


def compile_program(source):
    """Compile a program's text, unseen by ThreadSanitizer (_ftfuzz.call_unchecked says
    why); compile() itself keeps its code objects mortal. A SyntaxError here is ftfuzz's
    own bug."""
    from _ftfuzz import call_unchecked
    return call_unchecked(compile, source, "<ftfuzz-program>", "exec")


# A run that takes this process past this many MB is stopped as an "oom" finding
# (--rss-limit, FTFUZZ_RSS_LIMIT; 0: no bound). Single programs took their worker to 16
# and 17 GB in a 30-minute campaign (bench/rss_campaign.sh); --worker-rss acts between
# runs only.
RUN_RSS_LIMIT_MB = int(os.environ.get("FTFUZZ_RSS_LIMIT", "0") or 0)
_RSS_POLL_S = 0.1
_PAGE = os.sysconf("SC_PAGE_SIZE")


def _rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * _PAGE // (1 << 20)


def _wait_step(deadline):
    """How long to wait for a thread before looking at the clock and the RSS again."""
    left = max(0.0, deadline - time.monotonic())
    return min(left, _RSS_POLL_S) if RUN_RSS_LIMIT_MB else left


def load_program(source):
    """A program's namespace: its text compiled and executed, what it defines left mortal
    (_ftfuzz.exec_mortal says why) except its classes. Those are made immortal, as
    CPython 3.13t makes them once threads run: reference counts on a shared type would
    order the threads that use its instances for TSan."""
    from _ftfuzz import exec_mortal, pin, set_phase
    import builtins
    set_phase(1)  # a crash now is no race of this program's threads (crash.c)
    # PyEval_EvalCode, unlike exec(), adds no __builtins__ to the namespace, and C code the
    # program calls looks it up in the caller's globals: PyImport_Import does, so
    # _lsprof.Profiler() (which imports sys.monitoring) raised KeyError: '__builtins__'.
    ns = {"__name__": "__ftfuzz_program__", "__builtins__": builtins}
    exec_mortal(compile_program(source), ns)
    for v in list(ns.values()):
        if isinstance(v, type) and v.__module__ == ns["__name__"]:
            pin(v)
            for attr in list(vars(v).values()):
                if callable(attr):
                    pin(attr)
    set_phase(2)
    return ns


_setup_frozen = False


def freeze_setup():
    """Move what exists before the first program (the runner, the user's module, the
    introspection's results) out of the GC's reach, once per process: CPython 3.13t's
    collector visits every live object at every pass, and a program's gc.collect() then
    pays for the harness's heap, not only for the program's objects, which stay
    collectable. A forked child inherits the flag with the frozen heap."""
    global _setup_frozen
    if not _setup_frozen:
        import gc
        gc.collect()
        gc.freeze()
        _setup_frozen = True


def run(source, timeout):
    """Run one program. Returns (status, errors, violations, stacks):
    status is "ok", "hang" or "oom"; errors are tracebacks of unexpected exceptions;
    violations are atomicity-oracle messages; stacks are all workers' Python stacks on a
    hang or an oom."""
    global last_threads
    freeze_setup()
    ns = load_program(source)
    bodies = ns["THREADS"]
    workers = _idle_workers(len(bodies))
    last_threads = " ".join(f"t{i}={w.thread.native_id}" for i, w in enumerate(workers))
    barrier = _start_line(len(bodies), timeout)
    done = threading.Semaphore(0)
    for w, body in zip(workers, bodies):
        w.busy = True
        w.job = (body, barrier, done)
        w.go.release()
    deadline = time.monotonic() + timeout
    for _ in bodies:
        while not done.acquire(timeout=_wait_step(deadline)):
            if time.monotonic() >= deadline:
                return ("hang", [], [], _stacks([w for w in workers if w.busy]))
            if RUN_RSS_LIMIT_MB and (rss := _rss_mb()) > RUN_RSS_LIMIT_MB:
                return ("oom", [], [], f"RSS {rss} MB passed {RUN_RSS_LIMIT_MB} MB during the "
                        f"run\n" + _stacks([w for w in workers if w.busy]))
    errors = [f"thread {i}:\n{tb}" for i, tb in ns["ERRORS"]]
    violations = list(ns["check"]())
    # The program's functions and its namespace (their globals) hold each other: cleared
    # now, its shared objects go at once, its functions (deferred reference counts) at the
    # GC's next pass, instead of all waiting for the GC. What stays is the program's
    # class, if it has one (load_program pins it), and `ftfuzz doctor` checks that
    # nothing else does. A hung run keeps its namespace: its threads may still use it.
    ns.clear()
    return ("ok", errors, violations, "")


"""runner.py - run rendered programs on a persistent pool of worker threads (embedded in ftfuzz).

The C harness calls run(source, timeout) once per program. Creating threads is a third of
a small program's cost under TSan, so workers are created once and reused: each waits on
its own lock, runs one thread body, and signals a shared semaphore.
"""
import sys
import threading
import time
import traceback

_workers = []


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
    frames = sys._current_frames()
    out = []
    for w in threads:
        ident = w.thread.ident
        frame = frames.get(ident)
        out.append(f"Thread {w.thread.name} (ident {ident}):\n")
        out.append("".join(traceback.format_stack(frame)) if frame else "  <no Python frame>\n")
    return "".join(out)


def compile_program(source):
    """Compile a program's text; a SyntaxError here is ftfuzz's own bug."""
    return compile(source, "<ftfuzz-program>", "exec")


def run(source, timeout):
    """Run one program. Returns (status, errors, violations, stacks):
    status is "ok" or "hang"; errors are tracebacks of unexpected exceptions; violations
    are atomicity-oracle messages; stacks are all workers' Python stacks on a hang."""
    ns = {"__name__": "__ftfuzz_program__"}
    exec(compile_program(source), ns)
    bodies = ns["THREADS"]
    workers = _idle_workers(len(bodies))
    barrier = threading.Barrier(len(bodies))
    done = threading.Semaphore(0)
    for w, body in zip(workers, bodies):
        w.busy = True
        w.job = (body, barrier, done)
        w.go.release()
    deadline = time.monotonic() + timeout
    for _ in bodies:
        if not done.acquire(timeout=max(0.0, deadline - time.monotonic())):
            return ("hang", [], [], _stacks([w for w in workers if w.busy]))
    errors = [f"thread {i}:\n{tb}" for i, tb in ns["ERRORS"]]
    violations = list(ns["check"]())
    return ("ok", errors, violations, "")

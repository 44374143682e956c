"""runner.py - run rendered programs on a persistent pool of worker threads (embedded in ftfuzz).

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
# "t0=TID t1=TID ...": the OS thread id of each thread of the latest in-process run, as
# TSan's reports name them ("Thread T2 (tid=TID, ...)"), so a report's stacks map back to
# program threads (src/racing_ops.c). A forked run's child sends its own back with its
# result; "" when a run gave none (a crash, a hang of the child).
last_threads = ""


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
    from _ftfuzz import exec_mortal, pin
    ns = {"__name__": "__ftfuzz_program__"}
    exec_mortal(compile_program(source), ns)
    for v in list(ns.values()):
        if isinstance(v, type) and v.__module__ == ns["__name__"]:
            pin(v)
            for attr in list(vars(v).values()):
                if callable(attr):
                    pin(attr)
    return ns


def run(source, timeout):
    """Run one program. Returns (status, errors, violations, stacks):
    status is "ok", "hang" or "oom"; errors are tracebacks of unexpected exceptions;
    violations are atomicity-oracle messages; stacks are all workers' Python stacks on a
    hang or an oom."""
    global last_threads
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


def leftover_blocks(n):
    """Memory blocks still allocated after n more runs of a small program than after one
    (sys.getallocatedblocks(); gc.get_objects() would not do: an immortal object is no
    longer tracked by the GC). About none when runs leave nothing behind (`ftfuzz doctor`)."""
    import gc
    src = ("ERRORS = []\n"
           "def body(line):\n"
           "    end = line.wait()\n"
           "    sum(range(3))\n"
           "    end.finish()\n"
           "def t0(line):\n"
           "    body(line)\n"
           "def t1(line):\n"
           "    body(line)\n"
           "THREADS = [t0, t1]\n"
           "def check():\n"
           "    return []\n")

    def blocks():
        gc.collect()
        return sys.getallocatedblocks()
    run(src, 10)
    before = blocks()
    for _ in range(n):
        run(src, 10)
    return blocks() - before

# --- module mode: what the core may call in the user's module -----------------------------

user_module = None  # set by the C harness after importing --module
spec_module = None  # --spec FILE.py, loaded by load_spec: described instead of user_module
PYTHON_EXE = None   # the build's python3.Xt, set by the C harness


_METH_NOARGS, _METH_O = 0x4, 0x8  # Include/methodobject.h


def _arity(fn, bound):
    """(min, max) positional arguments, from the signature when CPython knows it, else
    from the C calling convention."""
    import inspect
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        # No text signature: the C calling convention fixes METH_NOARGS and METH_O; for
        # METH_VARARGS / METH_FASTCALL guess 0-3 arguments, which the renderer fills mostly
        # with shared objects and their keys.
        from _ftfuzz import call_flags
        flags = call_flags(fn)
        if flags is not None and flags & _METH_NOARGS:
            return (0, 0)
        if flags is not None and flags & _METH_O:
            return (1, 1)
        return (0, 3)
    if bound and params and params[0].name in ("self", "$self"):
        params = params[1:]
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    required = [p for p in positional if p.default is p.empty]
    varargs = any(p.kind == p.VAR_POSITIONAL for p in params)
    return (len(required), 4 if varargs else len(positional))


def load_spec(path):
    """Import a spec file as the module named after it, from its directory. A spec is
    plain Python: its classes built with no arguments are the shared objects and their
    methods the operations on them; its functions are operations too (README.md)."""
    import importlib, os
    global spec_module
    directory, name = os.path.split(os.path.abspath(path))
    name = name[:-3]
    if not name.isidentifier():
        raise ValueError("the file name must be a Python identifier to be imported")
    if directory not in sys.path:
        sys.path.insert(0, directory)
    spec_module = importlib.import_module(name)
    if not describe_module():
        raise ValueError("defines no public class or function to call")


def describe_module(limit=64):
    """Entries (name, is_type, owner, min_args, max_args) of the public callables of
    spec_module, else user_module: functions, types constructible without arguments,
    and those types' methods (owner = the type's entry index). Imported names (a spec's
    `import myext`, `from x import y`) are not the module's own."""
    m = spec_module or user_module
    entries = []
    for name in sorted(vars(m)):
        if name.startswith("_"):
            continue
        obj = getattr(m, name)
        if spec_module is not None and getattr(obj, "__module__", m.__name__) != m.__name__:
            continue
        if isinstance(obj, type):
            try:
                obj()
            except Exception:
                continue  # needs arguments: a --spec can say how to build it
            owner = len(entries)
            entries.append((name, 1, -1, 0, 0))
            for meth in sorted(vars(obj)):
                if meth.startswith("_"):
                    continue
                attr = getattr(obj, meth, None)
                if callable(attr):
                    entries.append((meth, 0, owner) + _arity(attr, True))
        elif callable(obj):
            entries.append((name, 0, -1) + _arity(obj, False))
    return entries[:limit]


def pin_callables():
    """Make the user's module, the spec, builtins and _ftfuzz immortal, with their public
    functions, types and the types' attributes (_ftfuzz.pin): their reference counts,
    bumped by every call from every thread, would otherwise order the threads for TSan
    and hide the module's races unless the calls overlap exactly. They live as long as
    the interpreter, so nothing else changes."""
    import builtins
    import _ftfuzz
    from _ftfuzz import pin
    for m in (user_module, spec_module, builtins, _ftfuzz):
        if m is None:
            continue
        pin(m)
        for name, obj in list(vars(m).items()):
            if name.startswith("_") and m is not builtins:
                continue
            if isinstance(obj, type):
                if obj.__module__ != "builtins":  # CPython's static types are immortal
                    pin(obj)
                    for attr in list(vars(obj).values()):
                        if callable(attr) or hasattr(attr, "__get__"):
                            pin(attr)
            elif callable(obj):
                pin(obj)


def gil_declared_off():
    """True when user_module declared Py_mod_gil = Py_MOD_GIL_NOT_USED. Probed the way
    CPython decides: in a child interpreter whose GIL setting is the default."""
    import subprocess
    code = ("import sys; sys.path[:0] = %r; import %s; print(sys._is_gil_enabled())"
            % (sys.path[:1], user_module.__name__))
    try:
        out = subprocess.run([PYTHON_EXE, "-c", code], capture_output=True, text=True,
                             timeout=120, env={"PYTHON_GIL": "", "TSAN_OPTIONS": "report_bugs=0"})
    except Exception:
        return None
    return out.stdout.strip() == "False"


# --- fork isolation: each run in a child forked from a clean interpreter ------------------

def fork_run(source, timeout):
    """run() in a forked child: the child starts from the parent's state (module imported,
    nothing run yet), so first-use code paths run again and TSan's shadow memory is fresh
    (it reports a racy address once per process). Returns run()'s tuple; a child killed by
    a signal gives ("crash", [], [], "signal N")."""
    global last_threads
    last_threads = ""
    if _zygote is not None:
        # This process has pool threads: TSan would ignore every access in its child.
        # The zygote forked before they existed.
        return zygote_run(source, timeout)
    import warnings
    rfd, wfd = os.pipe()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads: we know
        pid = os.fork()
    if pid == 0:
        os.close(rfd)
        _workers.clear()  # the parent's pool threads do not exist in this child
        import _ftfuzz
        _ftfuzz.after_fork_child()
        try:
            result = run(source, timeout)
        except BaseException as e:
            result = ("ok", [f"harness: {type(e).__name__}: {e}"], [], "")
        data = repr(result + (last_threads,)).encode()
        while data:
            data = data[os.write(wfd, data):]
        os._exit(0)  # stuck threads of a hang die with the child
    os.close(wfd)
    import select
    chunks = []
    # The child enforces the deadline itself; this one is for a child stuck where it
    # cannot (inside the sanitizer runtime, say): kill it and call it a hang.
    deadline = time.monotonic() + timeout + 30
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([rfd], [], [], left)[0]:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            os.close(rfd)
            return ("hang", [], [], "forked run killed: no result within the deadline")
        chunk = os.read(rfd, 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(rfd)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return ("crash", [], [], f"signal {os.WTERMSIG(status)}")
    if not chunks:
        # Died without a result but not by a signal: TSan's deadly-signal path exits
        # (its report, with the stack, is in the capture file), as does a fatal error.
        return ("crash", [], [], f"exit status {os.WEXITSTATUS(status)} without a result")
    import ast
    *result, last_threads = ast.literal_eval(b"".join(chunks).decode())
    return tuple(result)


# --- fresh-state runs: a pristine process that forks one child per program ---------------
#
# Lazy initialisation races exist only the first time code runs in a process, and TSan
# reports a racy address once per process. fork_run() from a worker that has run programs
# gives neither (its module state is warm), and forking while the pool's threads are alive
# left some children stuck. So the worker forks this zygote once, before its first program,
# while it has no pool threads: the zygote never runs a program itself and forks a child
# per request, each starting exactly where the interpreter stood after start-up.

_zygote = None  # (pid, to_zygote, from_zygote) in the worker


def _send(fd, data):
    data = len(data).to_bytes(8, "little") + data
    while data:
        data = data[os.write(fd, data):]


def _recv(fd, deadline=None):
    """One length-prefixed message, or None at EOF or when the deadline passes."""
    import os, select
    buf = b""
    want = 8
    while len(buf) < want:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return None
        chunk = os.read(fd, min(1 << 16, want - len(buf)))
        if not chunk:
            return None
        buf += chunk
        if want == 8 and len(buf) == 8:
            want = 8 + int.from_bytes(buf, "little")
    return buf[8:]


def start_zygote():
    """Fork the zygote (call before the first program runs). True when it runs."""
    import os, warnings
    global _zygote
    if _workers:
        return False  # too late: pool threads exist, and so does warm state
    to_r, to_w = os.pipe()
    from_r, from_w = os.pipe()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:
        os.close(to_w)
        os.close(from_r)
        try:
            while True:
                msg = _recv(to_r)
                if msg is None:
                    break  # the worker is gone
                timeout, source = msg.split(b"\n", 1)
                result = fork_run(source.decode(), float(timeout))
                _send(from_w, repr(result + (last_threads,)).encode())
        finally:
            os._exit(0)
    os.close(to_r)
    os.close(from_w)
    _zygote = (pid, to_w, from_r)
    return True


def _stop_zygote():
    global _zygote
    pid, to_w, from_r = _zygote
    _zygote = None
    try:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    except OSError:
        pass
    os.close(to_w)
    os.close(from_r)


def zygote_run(source, timeout):
    """fork_run() in a child of the zygote: run()'s tuple, from pristine state."""
    import ast
    global last_threads
    last_threads = ""
    if _zygote is None:
        # No zygote (started too late, or lost): in process, since forking this warm
        # worker with live pool threads is what the zygote avoids.
        return run(source, timeout)
    pid, to_w, from_r = _zygote
    try:
        _send(to_w, f"{timeout}\n{source}".encode())
    except OSError:
        _stop_zygote()
        return run(source, timeout)
    # fork_run's own deadline is timeout + 30 s; a zygote silent past that is broken.
    reply = _recv(from_r, time.monotonic() + timeout + 40)
    if reply is None:
        _stop_zygote()
        return ("hang", [], [], "fresh-state run killed: no result within the deadline")
    *result, last_threads = ast.literal_eval(reply.decode())
    return tuple(result)


# --- benchmark support ------------------------------------------------------------------

class _NoBarrier:
    def wait(self):
        return self

    def finish(self):
        pass


def bench_limit(source, n):
    """Seconds for n back-to-back executions of a program's thread bodies by threads that
    are already running: no compile, no dispatch, no per-program barrier (bench/). Each
    repetition has its own fresh shared objects, made before the clock starts, as every
    program run has: on one set of objects reused n times, lists grew with every
    repetition and the bodies slowed with them."""
    namespaces = [load_program(source) for _ in range(n)]
    n_threads = len(namespaces[0]["THREADS"])
    start = threading.Barrier(n_threads + 1)

    def loop(t):
        bodies = [ns["THREADS"][t] for ns in namespaces]
        start.wait()
        nb = _NoBarrier()
        for body in bodies:
            body(nb)

    threads = [threading.Thread(target=loop, args=(t,)) for t in range(n_threads)]
    for t in threads:
        t.start()
    t0 = time.monotonic()
    start.wait()
    for t in threads:
        t.join()
    took = time.monotonic() - t0
    for ns in namespaces:
        ns.clear()
    return took

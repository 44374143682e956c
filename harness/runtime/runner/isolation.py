# isolation.py - runs in a forked child and in children of a pristine zygote (part of _ftfuzz_runner).


def fork_run(source, timeout):
    """run() in a forked child: the child starts from the parent's state (module imported,
    nothing run yet), so first-use code paths run again and TSan's shadow memory is fresh
    (it reports a racy address once per process). Returns run()'s tuple; a child killed by
    signal N gives ("crash", [], [], N), one that exited with status S without a result
    ("exit", [], [], S)."""
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
            # ftfuzz's own failure, not the program's: "error" is logged, never a finding.
            result = ("error", [f"{type(e).__name__}: {e}"], [], "")
        data = repr(result + (last_threads,)).encode()
        while data:
            data = data[os.write(wfd, data):]
        os._exit(0)  # stuck threads of a hang die with the child
    os.close(wfd)
    import select
    chunks = []
    # The child enforces the deadline itself; this one is for a child stuck where it
    # cannot (inside the sanitizer runtime, say): kill it and call it a hang.
    deadline = time.monotonic() + FORK_PARENT_GRACE_S + timeout
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
        return ("crash", [], [], os.WTERMSIG(status))
    if not chunks:
        # Died without a result but not by a signal: TSan's deadly-signal path exits
        # (its report, with the stack, is in the capture file), as does a fatal error.
        return ("exit", [], [], os.WEXITSTATUS(status))
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
        import _ftfuzz
        _ftfuzz.after_fork_child()  # dies with the worker, even mid-run
        freeze_setup()  # once here, not in every child
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
    # Past fork_run's own deadline, a silent zygote is broken.
    reply = _recv(from_r, time.monotonic() + ZYGOTE_REPLY_GRACE_S + timeout)
    if reply is None:
        _stop_zygote()
        return ("hang", [], [], "fresh-state run killed: no result within the deadline")
    *result, last_threads = ast.literal_eval(reply.decode())
    return tuple(result)


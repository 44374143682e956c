# bench.py - benchmark support: the speed a program's bodies reach without the harness (part of _ftfuzz_runner).


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

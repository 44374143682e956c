"""_asyncio_spec.py - C Futures and Tasks (they need an event loop) over one loop shared by the
threads: callbacks added and removed, results, exceptions and cancellations set and read at
once, Tasks whose coroutines await the shared futures, stepped by whichever thread drains
the loop's ready queue. The loop is a BaseEventLoop with no selector, so it never runs by
itself or blocks: drain runs a few queued callbacks and returns. It says it is running, so
Tasks may start eagerly in the creating thread, and its exception handler drops what it is
given (a task destroyed while pending, an exception never retrieved) instead of logging."""
import _asyncio
import asyncio

import _spec_kit

# Introspection builds the module's own Future() in the main thread, where get_event_loop()
# makes a loop (and sets it for the process); a worker thread that builds it again has none
# and raises RuntimeError, an exception finding of the harness's making. The spec's Futures
# have a loop of their own.
INTROSPECT = False


class _Loop(asyncio.BaseEventLoop):
    running = False  # set once built: BaseEventLoop.__init__ acts otherwise on a running loop

    def is_running(self):
        return self.running

    def _write_to_self(self):
        pass  # call_soon_threadsafe's wake-up: nothing sleeps in a selector here

    def __del__(self):
        pass  # nothing to close: no selector, no descriptors


def _loop():
    loop = _Loop()
    loop.set_exception_handler(lambda loop, context: None)
    loop.running = True
    return loop


async def _chain(futs, k):
    """Await two of the shared futures."""
    a = await futs[k % len(futs)]
    b = await futs[(k + 1) % len(futs)]
    return a, b


def _gen_chain(futs, k):
    a = yield from futs[k % len(futs)].__await__()
    b = yield from futs[(k + 1) % len(futs)].__await__()
    return a, b


class _Coro:
    """A coroutine by its methods (collections.abc.Coroutine) over a generator, for the Tasks
    that wait in the queue: a native coroutine that never runs warns when it is collected."""

    def __init__(self, gen):
        self.gen = gen

    def send(self, value):
        return self.gen.send(value)

    def throw(self, *exc):
        return self.gen.throw(*exc)

    def close(self):
        self.gen.close()

    def __await__(self):
        return self.gen


_ERRORS = (asyncio.InvalidStateError, asyncio.CancelledError, ValueError, RuntimeError,
           TypeError, IndexError)


class SharedFutures:
    def _state(self):
        def make():
            loop = _loop()
            return loop, [_asyncio.Future(loop=loop) for _ in range(4)], []
        return _spec_kit.lazy(self, "s", make)

    def _fut(self, x):
        loop, futs, tasks = self._state()
        return futs[_spec_kit.num(x) % len(futs)]

    def _pending(self, x):
        """A future to resolve: a done one is replaced by a fresh one first, so that the
        threads keep racing to resolve pending futures."""
        loop, futs, tasks = self._state()
        k = _spec_kit.num(x) % len(futs)
        f = futs[k]
        if f.done():
            f = futs[k] = _asyncio.Future(loop=loop)
        return f

    def _task(self, x):
        loop, futs, tasks = self._state()
        return tasks[_spec_kit.num(x) % len(tasks)] if tasks else self._fut(x)

    def add_callback(self, x):
        self._fut(x).add_done_callback(_spec_kit.num)

    def remove_callback(self, x):
        return self._fut(x).remove_done_callback(_spec_kit.num)

    def set_result(self, x):
        try:
            self._pending(x).set_result(x)
        except _ERRORS:
            pass

    def set_exception(self, x):
        try:
            self._pending(x).set_exception(ValueError(str(x)[:16]))
        except _ERRORS:
            pass

    def cancel(self, x):
        return self._pending(x).cancel(str(x)[:16])

    def result(self, x):
        f = self._fut(x)
        try:
            return f.result()
        except _ERRORS:
            try:
                return f.exception()
            except _ERRORS:
                return None

    def state(self, x):
        f = self._fut(x)
        f._asyncio_future_blocking = bool(_spec_kit.num(x) & 1)
        return (f.done(), f.cancelled(), f._state, f._callbacks, f._log_traceback,
                f._cancel_message, f.get_loop() is not None)

    def step(self, x):
        """One step of awaiting a future by hand: its iterator yields it while pending."""
        it = self._fut(x).__await__()
        try:
            return next(it) is not None
        except StopIteration as e:
            return e.value
        except _ERRORS:
            return None

    def task(self, x):
        """A Task over the shared futures: eager (its first step in this thread) or queued."""
        loop, futs, tasks = self._state()
        k = _spec_kit.num(x)
        eager = bool(k & 1)
        coro = _chain(futs, k) if eager else _Coro(_gen_chain(futs, k))
        t = _asyncio.Task(coro, loop=loop, name=str(x)[:16], eager_start=eager)
        if len(tasks) < 8:
            tasks.append(t)
        else:
            tasks[k % 8] = t
        return t.done()

    def task_ops(self, x):
        t = self._task(x)
        if not isinstance(t, _asyncio.Task):
            return None
        k = _spec_kit.num(x)
        if k % 5 == 0:
            t.cancel("spec")
        elif k % 5 == 1:
            t.uncancel()
        elif k % 5 == 2:
            t.set_name(k)
        return t.get_name(), t.cancelling(), t.done(), t.get_coro() is not None

    def task_result(self, x):
        t = self._task(x)
        try:
            return t.result()
        except _ERRORS:
            return None

    def drain(self, n):
        """Run up to a few callbacks the loop has queued (done callbacks, task steps)."""
        loop, futs, tasks = self._state()
        ran = 0
        for _ in range(1 + _spec_kit.num(n) % 8):
            try:
                handle = loop._ready.popleft()
            except IndexError:
                break
            if not handle._cancelled:
                handle._run()
                ran += 1
        return ran

    def current(self, x):
        loop, futs, tasks = self._state()
        t = self._task(x)
        try:
            prev = _asyncio._swap_current_task(loop, t)
            _asyncio._swap_current_task(loop, prev)
        except _ERRORS:
            pass
        return _asyncio.current_task(loop)

    def renew(self, x):
        """Fresh futures for those done (other threads still hold the old ones)."""
        loop, futs, tasks = self._state()
        for i, f in enumerate(futs):
            if f.done() and _spec_kit.num(x) & (1 << i):
                futs[i] = _asyncio.Future(loop=loop)

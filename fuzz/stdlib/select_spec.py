"""select_spec.py - a poll and an epoll object (epoll's constructor takes a size, and both need
descriptors to watch) over a shared socketpair: registered, modified, unregistered and polled
by the threads at once, always with a zero timeout."""
import _socket
import select

import _spec_kit


class SharedPollers:
    def __init__(self):
        self.a, self.b = _socket.socketpair()
        self.a.setblocking(False)
        self.b.setblocking(False)
        self.fds = [self.a.fileno(), self.b.fileno()]
        self.poll = select.poll()
        self.epoll = select.epoll(4)
        for fd in self.fds:
            self.poll.register(fd, select.POLLIN)
            self.epoll.register(fd, select.EPOLLIN)

    def _fd(self, n):
        return self.fds[_spec_kit.num(n) % 2]

    def poll_now(self):
        return self.poll.poll(0)

    def epoll_now(self):
        return self.epoll.poll(0, 4)

    def register(self, n):
        self.poll.register(self._fd(n), select.POLLIN | select.POLLOUT)
        try:
            self.epoll.register(self._fd(n), select.EPOLLIN)
        except FileExistsError:
            self.epoll.modify(self._fd(n), select.EPOLLIN | select.EPOLLOUT)

    def unregister(self, n):
        try:
            self.poll.unregister(self._fd(n))
            self.epoll.unregister(self._fd(n))
        except (KeyError, FileNotFoundError):
            pass  # another thread did it first

    def modify(self, n):
        try:
            self.poll.modify(self._fd(n), select.POLLOUT)
        except (KeyError, FileNotFoundError):
            pass

    def wake(self, x):
        try:
            self.b.send(str(x).encode()[:8] or b"x")
            return self.a.recv(8)
        except BlockingIOError:
            return None

    def select_now(self):
        return select.select(self.fds, self.fds, [], 0)

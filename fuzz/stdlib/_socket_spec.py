"""_socket_spec.py - a non-blocking socketpair shared by the threads: sends, receives, options
and timeouts at once. Nothing blocks (a full or empty socket raises BlockingIOError) and
nothing is closed (the worker's descriptor numbers would be reused)."""
import _socket

import _spec_kit


class SharedPair:
    def __init__(self):
        self.a, self.b = _socket.socketpair()
        self.a.setblocking(False)
        self.b.setblocking(False)
        self.buf = bytearray(64)

    def send(self, x):
        return self.a.send(str(x).encode()[:32] or b"x")

    def recv(self, n):
        return self.b.recv(1 + _spec_kit.num(n) % 64)

    def recv_into(self):
        return self.b.recv_into(self.buf, 16)

    def sendmsg(self, x):
        return self.b.sendmsg([b"m", str(x).encode()[:16]])

    def recvmsg(self):
        return self.a.recvmsg(32)

    def timeout(self, n):
        self.a.settimeout(0.001 if _spec_kit.num(n) & 1 else 0.0)  # never None: blocking
        return self.a.gettimeout(), self.b.getblocking()

    def options(self, n):
        size = 4096 * (1 + _spec_kit.num(n) % 4)
        self.a.setsockopt(_socket.SOL_SOCKET, _socket.SO_SNDBUF, size)
        return self.a.getsockopt(_socket.SOL_SOCKET, _socket.SO_RCVBUF), self.b.fileno()

    def names(self):
        return self.a.getsockname(), self.a.family, self.b.type, repr(self.b)[:16]

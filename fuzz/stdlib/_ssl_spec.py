"""_ssl_spec.py - an SSLContext whose options, versions, ciphers and callbacks the threads change
while others wrap MemoryBIO pairs with it, a MemoryBIO written and read at once, and a client
and a server SSL object over MemoryBIOs (their constructors need a context and two BIOs) whose
in-memory handshake and records the threads pump. No sockets: nothing blocks, a side with
nothing to read raises SSLWantReadError. The contexts are built on first use (_spec_kit.lazy);
the server's self-signed key and certificate are written to a tempfile.mkdtemp() directory
only to be loaded (load_cert_chain takes a path), and removed at once."""
import _ssl

import _spec_kit

# A P-256 key and a self-signed certificate for localhost valid from 2000 to 9999 (made with
# `openssl ca -selfsign -startdate 20000101000000Z -enddate 99991231235959Z`): a test key.
_CERT = """-----BEGIN CERTIFICATE-----
MIIBYTCCAQegAwIBAgIBATAKBggqhkjOPQQDAjAUMRIwEAYDVQQDDAlsb2NhbGhv
c3QwIBcNMDAwMTAxMDAwMDAwWhgPOTk5OTEyMzEyMzU5NTlaMBQxEjAQBgNVBAMM
CWxvY2FsaG9zdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABIKqNrBJexWDPYBL
th7ZdrsgofeDxsLy8jcBUqj3pEaQnMCi6yIni+A9nKXQKDFGl6uCOvfetcREsxO6
vvsaifCjSDBGMA8GA1UdEwEB/wQFMAMBAf8wFAYDVR0RBA0wC4IJbG9jYWxob3N0
MB0GA1UdDgQWBBREhHsA8iZhGQE5AO2H9Q8cEvy0nDAKBggqhkjOPQQDAgNIADBF
AiEA8P44ED46kIQBC0+hNHzvFFxpDievC3Ag1twnbv/4Lg0CIHGvgzpRicW9Camy
Iaii6P4FVWD2pgLpFJOgxOJ3O6jp
-----END CERTIFICATE-----
"""
_KEY = """-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgj2lCgbGaqsAai13b
sWnODzWcvgxDBejMg7PTd8OyuIihRANCAASCqjawSXsVgz2AS7Ye2Xa7IKH3g8bC
8vI3AVKo96RGkJzAousiJ4vgPZyl0CgxRpergjr33rXERLMTur77Gonw
-----END PRIVATE KEY-----
"""
_ERRORS = (_ssl.SSLError, ValueError, OSError)
_CIPHERS = ["HIGH", "DEFAULT", "ECDHE+AESGCM", "!aNULL:HIGH", "AES128", "CHACHA20", "NONE!"]
_VERSIONS = [_ssl.PROTO_MINIMUM_SUPPORTED if hasattr(_ssl, "PROTO_MINIMUM_SUPPORTED") else -2,
             0x0303, 0x0304, -1]
_OPTIONS = [_ssl.OP_NO_TICKET, _ssl.OP_NO_COMPRESSION, _ssl.OP_NO_RENEGOTIATION,
            _ssl.OP_CIPHER_SERVER_PREFERENCE, _ssl.OP_NO_TLSv1_3, _ssl.OP_NO_TLSv1_2]


def _client():
    ctx = _ssl._SSLContext(_ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(cadata=_CERT)
    return ctx


def _server():
    import os
    import shutil
    import tempfile
    ctx = _ssl._SSLContext(_ssl.PROTOCOL_TLS_SERVER)
    d = tempfile.mkdtemp(prefix="ftfuzz-ssl-")
    try:
        path = os.path.join(d, "key.pem")
        with open(path, "w") as f:
            f.write(_KEY + _CERT)
        ctx.load_cert_chain(path)
    finally:
        shutil.rmtree(d, ignore_errors=True)
    return ctx


def _pair(client, server):
    """A client and a server SSL object, each over its own two MemoryBIOs."""
    bios = [_ssl.MemoryBIO() for _ in range(4)]
    c = client._wrap_bio(bios[0], bios[1], False, "localhost")
    s = server._wrap_bio(bios[2], bios[3], True, None)
    return c, s, bios


def _step(obj):
    try:
        obj.do_handshake()
        return True
    except _ERRORS:
        return False


class SharedContext:
    """A client context the threads reconfigure while others wrap BIOs with it."""

    @property
    def ctx(self):
        return _spec_kit.lazy(self, "c", _client)

    def options(self, x):
        bit = _OPTIONS[_spec_kit.num(x) % len(_OPTIONS)]
        if _spec_kit.num(x) & 64:
            self.ctx.options |= bit
        else:
            self.ctx.options &= ~bit
        return self.ctx.options

    def versions(self, x):
        k = _spec_kit.num(x)
        try:
            self.ctx.minimum_version = _VERSIONS[k % len(_VERSIONS)]
            self.ctx.maximum_version = _VERSIONS[(k >> 3) % len(_VERSIONS)]
        except _ERRORS:
            pass
        return self.ctx.minimum_version, self.ctx.maximum_version

    def ciphers(self, x):
        try:
            self.ctx.set_ciphers(_CIPHERS[_spec_kit.num(x) % len(_CIPHERS)])
        except _ERRORS:
            pass
        return len(self.ctx.get_ciphers())

    def verify(self, x):
        k = _spec_kit.num(x)
        try:
            self.ctx.check_hostname = bool(k & 1)
            self.ctx.verify_mode = (_ssl.CERT_NONE, _ssl.CERT_OPTIONAL, _ssl.CERT_REQUIRED)[k % 3]
        except _ERRORS:
            pass
        self.ctx.verify_flags ^= 0x8000 if k & 2 else 0  # VERIFY_X509_PARTIAL_CHAIN
        return self.ctx.verify_mode, self.ctx.check_hostname, self.ctx.verify_flags

    def host_flags(self, x):
        self.ctx._host_flags = _spec_kit.num(x) & 0x3F
        return self.ctx._host_flags

    def alpn(self, x):
        name = _spec_kit.data(x)[:16] or b"h2"
        self.ctx._set_alpn_protocols(bytes([len(name)]) + name + b"\x08http/1.1")

    def callback(self, x):
        """A message callback (called for every TLS record of wrap below) set and cleared."""
        seen = []
        self.ctx._msg_callback = (lambda *a: seen.append(a[2])) if _spec_kit.num(x) & 1 else None
        return self.ctx._msg_callback is None

    def load_ca(self):
        self.ctx.load_verify_locations(cadata=_CERT)
        return self.ctx.cert_store_stats()

    def stats(self):
        c = self.ctx
        return (c.session_stats(), len(c.get_ca_certs()), c.security_level, c.protocol,
                c.post_handshake_auth, c.num_tickets)

    def wrap(self, x):
        """A ClientHello from the shared context, into a fresh BIO pair."""
        i, o = _ssl.MemoryBIO(), _ssl.MemoryBIO()
        s = self.ctx._wrap_bio(i, o, False, str(x)[:32] or "localhost")
        _step(s)
        return o.pending


class SharedBIO:
    """One MemoryBIO written, read and ended by the threads at once."""

    def __init__(self):
        self.bio = _ssl.MemoryBIO()

    def write(self, x):
        try:
            return self.bio.write(_spec_kit.data(x) * 4)
        except _ssl.SSLError:  # written after write_eof
            return None

    def read(self, n):
        return self.bio.read(_spec_kit.num(n) % 64)

    def read_all(self):
        return self.bio.read()

    def state(self):
        return self.bio.pending, self.bio.eof

    def write_eof(self, n):
        if _spec_kit.num(n) % 8 == 0:
            self.bio.write_eof()

    def renew(self):
        if self.bio.eof:
            self.bio = _ssl.MemoryBIO()


class SharedSession:
    """A client and a server SSL object whose handshake and records the threads pump."""

    def _p(self):
        return _spec_kit.lazy(self, "p", lambda: _pair(_client(), _server()))

    def pump(self):
        """One round trip: the client's records to the server and the server's back."""
        c, s, b = self._p()
        done = _step(c)
        b[2].write(b[1].read())
        done = _step(s) and done
        b[0].write(b[3].read())
        return done

    def send(self, x):
        c, s, b = self._p()
        try:
            c.write(_spec_kit.data(x) * 8)
        except _ERRORS:
            pass
        b[2].write(b[1].read())

    def reply(self, x):
        c, s, b = self._p()
        try:
            s.write(_spec_kit.data(x))
        except _ERRORS:
            pass
        b[0].write(b[3].read())

    def recv(self, n):
        c, s, b = self._p()
        try:
            return s.read(1 + _spec_kit.num(n) % 256)
        except _ERRORS:
            return None

    def recv_client(self, n):
        c, s, b = self._p()
        try:
            return c.read(1 + _spec_kit.num(n) % 64), c.pending()
        except _ERRORS:
            return None

    def info(self):
        c, s, b = self._p()
        return (c.version(), c.cipher(), s.shared_ciphers(), c.selected_alpn_protocol(),
                c.compression(), c.session_reused, s.server_side, c.server_hostname)

    def peer(self):
        c, s, b = self._p()
        try:
            certs = c.get_verified_chain() or []
            return c.getpeercert(), [x.public_bytes(_ssl.ENCODING_DER)[:8] for x in certs]
        except _ERRORS:
            return None

    def session(self):
        c, s, b = self._p()
        sess = c.session
        return None if sess is None else (sess.has_ticket, sess.timeout, len(sess.id))

    def binding(self):
        c, s, b = self._p()
        try:
            return c.get_channel_binding("tls-unique")
        except _ERRORS:
            return None

    def shutdown(self):
        c, s, b = self._p()
        try:
            c.shutdown()
        except _ERRORS:
            pass
        b[2].write(b[1].read())

    def renew(self, n):
        """A fresh pair now and then (other threads still hold the old one)."""
        if _spec_kit.num(n) % 4 == 0:
            p = self._p()
            self.__dict__["p"] = _pair(p[0].context, p[1].context)

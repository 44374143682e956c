"""_spec_kit.py - classes several fuzz/stdlib specs share (not a spec itself: no _spec suffix).

A spec's shared objects are the classes defined in the spec module itself, with their
methods in the class's own namespace (runner/introspect.py describe_module), so a kit
function builds a fresh class for the spec that calls it rather than a base to inherit.
"""


def num(x):
    """A non-negative int from any pool value (the shared lists and dicts do not hash)."""
    try:
        return hash(x) & 0x7FFFFFFF
    except TypeError:
        return len(x) if hasattr(x, "__len__") else 0


def lazy(obj, name, make):
    """obj's attribute name, made by make() on first use. A spec's class is built thousands
    of times a program (seeds call the constructor itself from every thread), so what is
    costly to build (a compressor's tables, a database) is built by the first operation
    that needs it; dict.setdefault gives every thread the same one."""
    value = obj.__dict__.get(name)
    if value is None:
        value = obj.__dict__.setdefault(name, make())
    return value


def data(x):
    """Bytes from any pool value."""
    if isinstance(x, (bytes, bytearray)):
        return bytes(x)
    return str(x).encode()


def shared_hashes(spec, doc, *ctors):
    """A class for spec (its __name__) sharing one hash object per constructor: the
    threads update, copy and read the digests of the same objects."""
    def __init__(self):
        self.h = [c() for c in ctors]

    def update(self, i, x):
        self.h[num(i) % len(self.h)].update(data(x))

    def copy(self, i):
        return self.h[num(i) % len(self.h)].copy().name

    def digest(self, i):
        h = self.h[num(i) % len(self.h)]
        try:
            return h.hexdigest()
        except TypeError:  # shake_*: a length
            return h.hexdigest(16)

    def update_big(self):
        for h in self.h:
            h.update(b"x" * 4096)  # 2048 bytes or more: another locking path (HASHLIB_GIL_MINSIZE)

    return type("SharedHashes", (), {
        "__module__": spec, "__doc__": doc, "__init__": __init__, "update": update,
        "copy": copy, "digest": digest, "update_big": update_big})


def shared_cjk_codec(spec, module, encoding):
    """A class for spec sharing an incremental encoder and decoder, and a stream reader and
    writer over shared BytesIO objects, of one CJK codec of module (_codecs_cn, ...)."""
    import _io
    import _multibytecodec as mbc
    codec = module.getcodec(encoding)
    enc_t = type("Enc", (mbc.MultibyteIncrementalEncoder,), {"codec": codec})
    dec_t = type("Dec", (mbc.MultibyteIncrementalDecoder,), {"codec": codec})
    reader_t = type("Reader", (mbc.MultibyteStreamReader,), {"codec": codec})
    writer_t = type("Writer", (mbc.MultibyteStreamWriter,), {"codec": codec})
    sample = "\u4e2d\u6587\u65e5\u672c\ud55c abc"

    def __init__(self):
        self.enc = enc_t(errors="replace")
        self.dec = dec_t(errors="replace")
        try:
            self.blob = sample.encode(encoding, "replace")
        except LookupError:
            self.blob = codec.encode(sample, "replace")[0]
        self.reader = reader_t(_io.BytesIO(self.blob * 32), "replace")
        self.out = _io.BytesIO()
        self.writer = writer_t(self.out, "replace")

    def encode(self, x):
        return self.enc.encode(str(x) + sample[num(x) % len(sample):])

    def encode_final(self):
        return self.enc.encode(sample, True)

    def decode(self, n):
        k = num(n) % (len(self.blob) + 1)
        return self.dec.decode(self.blob[:k]) + self.dec.decode(self.blob[k:])

    def reset(self):
        self.enc.reset()
        self.dec.reset()

    def state(self):
        self.enc.setstate(self.enc.getstate())
        return self.dec.getstate()

    def read(self, n):
        return self.reader.read(num(n) % 8)

    def readline(self):
        return self.reader.readline()

    def write(self, x):
        self.writer.write(str(x) + sample)

    def writer_reset(self):
        self.writer.reset()

    return type("SharedCodec", (), {
        "__module__": spec, "__doc__": encoding + ", shared by the threads",
        "__init__": __init__, "encode": encode,
        "encode_final": encode_final, "decode": decode, "reset": reset, "state": state,
        "read": read, "readline": readline, "write": write, "writer_reset": writer_reset})


def shareable(x):
    """x itself when another interpreter can receive it (a plain int, str, bytes, bool,
    float or None), else a short str of it: what cross-interpreter queues and channels
    take."""
    return x if type(x) in (int, str, bytes, bool, float, type(None)) else str(x)[:32]


def destroy_ids(obj, name, destroy):
    """destroy() each id in obj's attribute name (made by lazy), ignoring errors: a spec
    object's __del__, also run at exit, when the module's error types may be gone."""
    for i in obj.__dict__.get(name) or ():
        try:
            destroy(i)
        except Exception:
            pass

"""_io_spec.py - in-memory and buffered I/O shared by the threads: a BytesIO, a StringIO, and
a BufferedReader and a TextIOWrapper over a shared BytesIO (their constructors need one)."""
import _io


class SharedBytesIO:
    def __init__(self):
        self.f = _io.BytesIO(b"0123456789" * 8)

    def write(self, x):
        return self.f.write(str(x).encode())

    def read(self, n):
        return self.f.read(hash(n) % 16)

    def seek(self, n):
        return self.f.seek(hash(n) % 64)

    def getvalue(self):
        return self.f.getvalue()

    def getbuffer(self):
        with self.f.getbuffer() as view:
            return len(view)

    def truncate(self, n):
        return self.f.truncate(hash(n) % 64)


class SharedStringIO:
    def __init__(self):
        self.f = _io.StringIO("abcdefgh" * 8)

    def write(self, x):
        return self.f.write(str(x))

    def readline(self):
        return self.f.readline()

    def seek(self, n):
        return self.f.seek(hash(n) % 64)

    def getvalue(self):
        return self.f.getvalue()


class SharedBuffered:
    """A BufferedReader and a TextIOWrapper, each over a BytesIO shared by the threads."""

    def __init__(self):
        self.raw = _io.BytesIO(b"line one\nline two\n" * 16)
        self.reader = _io.BufferedReader(self.raw)
        self.text = _io.TextIOWrapper(_io.BytesIO(b"a\nb\nc\n" * 16), encoding="utf-8")

    def read(self, n):
        return self.reader.read(hash(n) % 32)

    def peek(self):
        return self.reader.peek(4)

    def seek(self, n):
        return self.reader.seek(hash(n) % 128)

    def readline(self):
        return self.text.readline()

    def text_seek(self):
        return self.text.seek(0)

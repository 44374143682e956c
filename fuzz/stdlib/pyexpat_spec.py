"""pyexpat_spec.py - an expat parser (made by ParserCreate) whose Python handlers append to a
shared list, fed one document in chunks by all the threads, its settings changed meanwhile."""
import pyexpat

import _spec_kit

_DOC = (b"<root a='1'><item k='x'>text &amp; more</item>"
        b"<!-- c --><item k='y'><![CDATA[raw]]></item></root>")


class SharedParser:
    def __init__(self):
        self.events = []
        self.renew()

    def renew(self):
        """A new parser once chunks interleaved by the threads made the document malformed
        (expat refuses anything after an error)."""
        if getattr(self, "p", None) is not None and not self.p.ErrorCode:
            return
        self.p = pyexpat.ParserCreate("utf-8", "|")
        self.p.StartElementHandler = lambda name, attrs: self.events.append(name)
        self.p.CharacterDataHandler = self.events.append
        self.p.CommentHandler = self.events.append
        self.p.Parse(b"<doc>", False)

    def feed(self, n):
        k = _spec_kit.num(n) % len(_DOC)
        self.p.Parse(_DOC[k:k + 24], False)

    def feed_element(self, x):
        self.p.Parse(("<e v='%d'>t</e>" % (_spec_kit.num(x) % 100)).encode(), False)

    def handlers(self, n):
        self.p.EndElementHandler = self.events.append if _spec_kit.num(n) & 1 else None
        self.p.buffer_text = bool(_spec_kit.num(n) & 2)

    def position(self):
        return self.p.CurrentLineNumber, self.p.CurrentColumnNumber, self.p.ErrorCode

    def drain(self):
        n = len(self.events)
        del self.events[: n // 2]
        return n

    def fresh(self):
        return pyexpat.ParserCreate().Parse(_DOC, True)

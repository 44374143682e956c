"""_elementtree_spec.py - an Element tree (Element needs a tag), an XMLParser fed in chunks
and a TreeBuilder driven by hand, shared by the threads."""
import _elementtree

import _spec_kit

_DOC = b"<root a='1'><item k='x'>text</item><item k='y'><sub/>tail</item></root>"


class SharedTree:
    def __init__(self):
        self.root = _elementtree.Element("root", {"a": "1"})
        for i in range(8):
            _elementtree.SubElement(self.root, "item", k=str(i)).text = "t%d" % i

    def append(self, x):
        self.root.append(_elementtree.Element("item", k=str(x)[:8]))

    def remove(self):
        if len(self.root):
            try:
                self.root.remove(self.root[-1])
            except (ValueError, IndexError):
                pass  # another thread took it first

    def insert(self, n):
        self.root.insert(_spec_kit.num(n) % 8, _elementtree.Element("ins"))

    def iterate(self):
        return sum(1 for _ in self.root.iter())

    def findall(self):
        return len(self.root.findall("item"))

    def itertext(self):
        return "".join(self.root.itertext())

    def attrib(self, x):
        self.root.set("k", str(x)[:8])
        return self.root.get("k"), sorted(self.root.keys())

    def setitem(self, n):
        if len(self.root):
            self.root[_spec_kit.num(n) % len(self.root)] = _elementtree.Element("new")

    def clear_tail(self):
        for child in list(self.root):
            child.tail = None

    def copy(self):
        return self.root.__deepcopy__({})


class SharedParser:
    """An XMLParser and a TreeBuilder each fed by every thread at once."""

    def __init__(self):
        self.parser = _elementtree.XMLParser()
        self.parser.feed(b"<doc>")
        self.builder = _elementtree.TreeBuilder()
        self.builder.start("doc", {})

    def feed(self, n):
        k = _spec_kit.num(n) % len(_DOC)
        self.parser.feed(_DOC[:k])
        self.parser.feed(_DOC[k:])

    def build(self, x):
        self.builder.start("e", {"v": str(x)[:8]})
        self.builder.data(str(x)[:8])
        self.builder.end("e")

    def comment(self, x):
        self.builder.comment(str(x)[:8])
        self.builder.pi("pi", "data")

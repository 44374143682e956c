"""_operator_spec.py - attrgetter, itemgetter and methodcaller objects (their constructors need
names, keys and arguments) applied by the threads to shared objects other threads change."""
import _operator

import _spec_kit


class _Node:
    def __init__(self):
        self.name = "n"
        self.child = self
        self.items = [1, 2, 3]


class SharedGetters:
    def __init__(self):
        self.node = _Node()
        self.d = {"a": 1, "b": 2, 0: "zero"}
        self.items = list(range(8))
        self.attr = _operator.attrgetter("name", "child.name", "items")
        self.item = _operator.itemgetter("a", "b")
        self.index = _operator.itemgetter(0, -1)
        self.call = _operator.methodcaller("append", 1)
        self.pop = _operator.methodcaller("pop")

    def get_attrs(self):
        return self.attr(self.node)

    def set_attrs(self, x):
        self.node.name = str(x)[:8]
        self.node.items = [x]

    def get_items(self):
        try:
            return self.item(self.d), self.index(self.items)
        except (KeyError, IndexError):
            return None

    def change_dict(self, x):
        self.d["a" if _spec_kit.num(x) & 1 else "b"] = x
        self.d.pop("b" if _spec_kit.num(x) & 2 else "c", None)

    def call_append(self):
        self.call(self.items)

    def call_pop(self):
        if len(self.items) > 2:
            self.pop(self.items)

    def reprs(self):
        return repr(self.attr), repr(self.call), self.call.__reduce__()

    def inplace(self, x):
        return _operator.iadd(self.items, [x]) and _operator.length_hint(self.items)

"""_json_spec.py - a C scanner (its constructor needs a decoder context) and a C encoder (it
needs nine collaborators) shared by the threads, encoding a dict and a list other threads
mutate, and scanning a shared document."""
import _json

import _spec_kit


class _Context:
    """What make_scanner reads from a json.JSONDecoder."""
    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = float
    memo = None


class SharedCodec:
    def __init__(self):
        self.doc = {"a": [1, 2.5, "x"], "b": {"c": None}, "d": True}
        self.items = [1, "two", [3], {"four": 4}]
        self.scanner = _json.make_scanner(_Context())
        self.text = '{"k": [1, 2, {"n": "v\\u00e9"}], "s": "abc", "f": 1.5e3}'
        self.encoder = _json.make_encoder(
            {}, repr, _json.encode_basestring_ascii, None, ": ", ", ", True, True, True)
        self.pretty = _json.make_encoder(
            None, repr, _json.encode_basestring, "  ", ": ", ",", False, False, True)

    def encode_doc(self):
        return self.encoder(self.doc, 0)

    def encode_items(self):
        return self.pretty(self.items, 1)

    def mutate(self, x):
        key = str(_spec_kit.num(x) % 8)
        self.doc[key] = [x] if isinstance(x, (int, str, float)) else key
        if len(self.doc) > 6:
            self.doc.pop(next(iter(self.doc)), None)

    def grow(self, x):
        self.items.append({"x": str(x)})
        if len(self.items) > 12:
            del self.items[:4]

    def scan(self, n):
        return self.scanner(self.text, _spec_kit.num(n) % 2 and 0)

    def scan_shared(self):
        return self.scanner('[' + ', '.join('"%s"' % k for k in list(self.doc)) + ']', 0)

    def scanstring(self, x):
        return _json.scanstring('"' + str(x).replace('"', '') + '\\n"', 1, False)

"""_string_spec.py - the iterators _string's functions return (str.format's parser over a
format string, and the field-name splitter over a field like a.b[0].c), shared by the
threads and advanced by several at once; a spent iterator is replaced."""
import _string

import _spec_kit

_FORMATS = ["{0!r:>{1}} and {name.attr[key]:{width}.{prec}f} {{literal}} {} end",
            "plain text with no fields at all, " * 3,
            "{a}{b}{c}{d}{e}{f}{g}{h}{i}{j}",
            "{0:{1:{2}}} {x[0][1].y!s:^10} }} {{ {",
            "\u20ac{\u00e9t\u00e9}\U0001f600{0.\u4e2d[\u6587]}"]
_FIELDS = ["a.b[0].c", "0[1][2].x.y", "name", "x[key].attr[3]", "\u00e9t\u00e9.\u4e2d[k]",
           "a.", "b[", "[0]"]


class SharedIterators:
    def _iters(self):
        return _spec_kit.lazy(self, "iters", lambda: [
            [_string.formatter_parser(f) for f in _FORMATS],
            [_string.formatter_field_name_split(f)[1] for f in _FIELDS]])

    def parse(self, x):
        parsers = self._iters()[0]
        k = _spec_kit.num(x) % len(parsers)
        try:
            return next(parsers[k])
        except StopIteration:
            parsers[k] = _string.formatter_parser(_FORMATS[k])
        except ValueError:  # an unmatched brace
            parsers[k] = _string.formatter_parser(_FORMATS[(k + 1) % len(_FORMATS)])
        return None

    def split(self, x):
        splitters = self._iters()[1]
        k = _spec_kit.num(x) % len(splitters)
        try:
            return next(splitters[k])
        except StopIteration:
            pass
        except ValueError:  # an empty attribute or unclosed bracket
            pass
        splitters[k] = _string.formatter_field_name_split(_FIELDS[k])[1]
        return None

    def whole(self, x):
        """A fresh parse of a format string made from the pool value."""
        try:
            return len(list(_string.formatter_parser(str(x)[:32] + _FORMATS[0])))
        except ValueError:
            return None

    def first(self, x):
        try:
            return _string.formatter_field_name_split(str(x)[:16] + _FIELDS[_spec_kit.num(x) %
                                                                             len(_FIELDS)])[0]
        except ValueError:
            return None

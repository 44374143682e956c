"""unicodedata_spec.py - the Unicode 3.2 database object (unicodedata.ucd_3_2_0) and the
current one used together by the threads on shared strings other threads change."""
import unicodedata

import _spec_kit


class SharedDatabase:
    def __init__(self):
        self.old = unicodedata.ucd_3_2_0
        self.texts = ["\u00c5ngstr\u00f6m", "\ufb01 \u2460", "\u1e9b\u0323", "abc"]

    def normalize(self, n):
        form = ("NFC", "NFD", "NFKC", "NFKD")[_spec_kit.num(n) % 4]
        text = self.texts[_spec_kit.num(n) % len(self.texts)]
        return unicodedata.normalize(form, text), self.old.normalize(form, text)

    def is_normalized(self, n):
        return self.old.is_normalized("NFC", self.texts[_spec_kit.num(n) % len(self.texts)])

    def lookup(self, n):
        ch = chr(0x41 + _spec_kit.num(n) % 0x2000)
        return (self.old.name(ch, None), unicodedata.category(ch),
                self.old.decomposition(ch), unicodedata.east_asian_width(ch))

    def change(self, x):
        self.texts[_spec_kit.num(x) % len(self.texts)] = str(x)[:16] + "\u0301"

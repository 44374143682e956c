"""_decimal_spec.py - a decimal.Context and Decimals shared by the threads (their constructors need arguments)."""
import _decimal


class SharedContext:
    """One Context whose precision, traps and flags the threads change while computing in it."""

    def __init__(self):
        self.ctx = _decimal.Context(prec=12)
        self.d = _decimal.Decimal("1.1")

    def add(self, x):
        return self.ctx.add(self.d, _decimal.Decimal(len(str(x))))

    def divide(self, x):
        return self.ctx.divide(self.d, _decimal.Decimal(len(str(x)) + 1))

    def set_prec(self, n):
        self.ctx.prec = 1 + (hash(n) % 40)

    def clear_flags(self):
        self.ctx.clear_flags()

    def traps(self, x):
        self.ctx.traps[_decimal.Inexact] = bool(hash(x) & 1)

    def local(self):
        with _decimal.localcontext(self.ctx) as c:
            return c.sqrt(self.d)

    def to_str(self):
        return self.ctx.to_sci_string(self.d)

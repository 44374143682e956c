"""_contextvars_spec.py - ContextVars (their constructor needs a name) and a Context shared by
the threads: set, reset, got and run at once."""
import _contextvars

import _spec_kit


class SharedContext:
    def __init__(self):
        self.var = _contextvars.ContextVar("v", default=0)
        self.other = _contextvars.ContextVar("w")
        self.ctx = _contextvars.copy_context()
        self.tokens = []

    def set(self, x):
        self.tokens.append(self.var.set(x))
        if len(self.tokens) > 8:
            self.tokens.pop(0)

    def reset(self):
        if self.tokens:
            try:
                self.var.reset(self.tokens.pop())
            except (ValueError, IndexError, RuntimeError):
                pass  # another thread's token, or one used already

    def get(self):
        return self.var.get(), self.other.get(None)

    def run(self, x):
        return self.ctx.run(self.other.set, x)

    def read_ctx(self):
        return len(self.ctx), list(self.ctx.items())[:4], self.ctx.get(self.other)

    def copy(self):
        return _contextvars.copy_context().run(self.var.get)

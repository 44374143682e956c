"""_pickle_spec.py - a Pickler and an Unpickler over shared files, and a memo the threads share."""
import _io
import _pickle


class SharedPickler:
    def __init__(self):
        self.out = _io.BytesIO()
        self.pickler = _pickle.Pickler(self.out)
        self.data = [1, "a", (2, 3), {"k": 4}]

    def dump(self, x):
        self.pickler.dump(self.data)

    def mutate(self, x):
        self.data.append(x)
        if len(self.data) > 16:
            del self.data[:8]

    def clear_memo(self):
        self.pickler.clear_memo()

    def loads(self):
        return _pickle.loads(_pickle.dumps(self.data))

    def unpickle(self):
        return _pickle.Unpickler(_io.BytesIO(_pickle.dumps(self.data))).load()

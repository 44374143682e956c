"""_queue_spec.py - one SimpleQueue shared by the threads, put to and taken from at once
(never a blocking get: an empty queue raises, or times out in a millisecond)."""
import _queue


class SharedQueue:
    def __init__(self):
        self.q = _queue.SimpleQueue()
        for i in range(8):
            self.q.put(i)

    def put(self, x):
        self.q.put(x)

    def get(self):
        try:
            return self.q.get_nowait()
        except _queue.Empty:
            return None

    def get_wait(self):
        try:
            return self.q.get(True, 0.001)
        except _queue.Empty:
            return None

    def size(self):
        return self.q.qsize(), self.q.empty()

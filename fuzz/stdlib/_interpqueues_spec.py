"""_interpqueues_spec.py - a cross-interpreter queue (it exists only by the id create gives)
shared by the threads: items put and got, counted and tested full at once, from this one
interpreter, and now and then the queue released (which destroys it: the other threads'
calls then raise QueueNotFoundError) and a fresh one made. The module's high-level types
are registered here (_register_heap_types), as interpreters.queues would, since an empty
queue's error is one of them. A spec object destroys its queue when it is collected."""
import _interpqueues

import _spec_kit


class _Empty(_interpqueues.QueueError):
    pass


class _Full(_interpqueues.QueueError):
    pass


class _Queue:
    def __init__(self, qid):
        self._id = qid


_interpqueues._register_heap_types(_Queue, _Empty, _Full)
_ERRORS = (_interpqueues.QueueError, ValueError, TypeError, OverflowError)


class SharedQueue:
    def _ids(self):
        return _spec_kit.lazy(self, "ids", lambda: [_interpqueues.create(8, 0, 1)])

    def __del__(self):
        _spec_kit.destroy_ids(self, "ids", _interpqueues.destroy)

    def put(self, x):
        try:
            _interpqueues.put(self._ids()[0], _spec_kit.shareable(x), _spec_kit.num(x) % 2, 1)
        except _ERRORS:
            pass

    def put_tuple(self, x, y):
        try:
            _interpqueues.put(self._ids()[0], (_spec_kit.shareable(x), _spec_kit.shareable(y)), 0, 2)
        except _ERRORS:
            pass

    def get(self):
        try:
            return _interpqueues.get(self._ids()[0])
        except _ERRORS:
            return None

    def state(self):
        qid = self._ids()[0]
        try:
            return (_interpqueues.get_count(qid), _interpqueues.is_full(qid),
                    _interpqueues.get_maxsize(qid), _interpqueues.get_queue_defaults(qid))
        except _ERRORS:
            return None

    def listing(self):
        return len(_interpqueues.list_all())

    def release(self, x):
        """Rarely: give the queue back (destroying it) and make the next one."""
        if _spec_kit.num(x) % 8:
            return None
        ids = self._ids()
        old = ids[0]
        ids[0] = _interpqueues.create(1 + _spec_kit.num(x) % 8, 0, 1 + _spec_kit.num(x) % 3)
        try:
            _interpqueues.bind(old)
            _interpqueues.release(old)
        except _ERRORS:
            pass
        return old

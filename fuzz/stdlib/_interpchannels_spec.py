"""_interpchannels_spec.py - a cross-interpreter channel (it exists only by the ChannelID
create gives) shared by the threads: sends that never wait (blocking=False), receives with
and without a default, counts and info at once, and now and then an end released or the
channel closed (force=True drops what it holds), after which the other threads' calls
raise ChannelClosedError and a fresh channel is made. A spec object destroys its channels
when it is collected (and all but its last eight as it goes)."""
import _interpchannels

import _spec_kit

_ERRORS = (_interpchannels.ChannelError, ValueError, TypeError, OverflowError)


class SharedChannel:
    def _ids(self):
        return _spec_kit.lazy(self, "chan", lambda: [_interpchannels.create(1)])

    def __del__(self):
        _spec_kit.destroy_ids(self, "chan", _interpchannels.destroy)

    def send(self, x):
        try:
            _interpchannels.send(self._ids()[0], _spec_kit.shareable(x), blocking=False)
        except _ERRORS:
            pass

    def send_tuple(self, x, y):
        try:
            _interpchannels.send(self._ids()[0], (_spec_kit.shareable(x), _spec_kit.shareable(y)),
                                 blocking=False)
        except _ERRORS:
            pass

    def recv(self, x):
        try:
            if _spec_kit.num(x) & 1:
                return _interpchannels.recv(self._ids()[0], None)
            return _interpchannels.recv(self._ids()[0])
        except _ERRORS:
            return None

    def state(self):
        cid = self._ids()[0]
        try:
            return (_interpchannels.get_count(cid), _interpchannels.get_info(cid),
                    _interpchannels.get_channel_defaults(cid),
                    _interpchannels.list_interpreters(cid, send=True))
        except _ERRORS:
            return None

    def ids(self):
        cid = self._ids()[0]
        return int(cid), hash(cid), cid.end, repr(cid), cid == cid.send, len(
            _interpchannels.list_all())

    def close(self, x):
        """Rarely: release an end or close the channel, and make the next one."""
        k = _spec_kit.num(x)
        if k % 8:
            return None
        ids = self._ids()
        old = ids[0]
        ids.insert(0, _interpchannels.create(1 + k % 3))  # the old ones are destroyed later
        if len(ids) > 8:
            try:
                _interpchannels.destroy(ids.pop())
            except (_ERRORS + (IndexError,)):
                pass
        try:
            if k & 8:
                _interpchannels.release(old, send=True, recv=bool(k & 16))
            else:
                _interpchannels.close(old, force=bool(k & 16))
        except _ERRORS:
            pass
        return int(old)

"""_datetime_spec.py - datetimes, a fixed timezone and a Python tzinfo whose offsets come from
a dict other threads change (its methods are called back from C), shared by the threads."""
import _datetime

import _spec_kit


class _Zone(_datetime.tzinfo):
    def __init__(self, offsets):
        self.offsets = offsets

    def utcoffset(self, dt):
        return _datetime.timedelta(minutes=self.offsets.get(dt.hour if dt else 0, 0))

    def dst(self, dt):
        return _datetime.timedelta(0)

    def tzname(self, dt):
        return "Z%d" % len(self.offsets)


class SharedTimes:
    def __init__(self):
        self.offsets = {h: (h * 15) % 120 for h in range(24)}
        self.zone = _Zone(self.offsets)
        self.fixed = _datetime.timezone(_datetime.timedelta(hours=2), "two")
        self.dt = _datetime.datetime(2024, 2, 29, 12, 30, tzinfo=self.zone)
        self.fmt = ["%Y-%m-%d %H:%M:%S %z %Z"]

    def shift(self, n):
        self.offsets[_spec_kit.num(n) % 24] = _spec_kit.num(n) % 600 - 300

    def astimezone(self):
        return self.dt.astimezone(self.fixed)

    def strftime(self):
        return self.dt.strftime(self.fmt[0])

    def set_format(self, x):
        self.fmt[0] = "%Y %Z " + str(x)[:8].replace("%", "")

    def arithmetic(self, n):
        return self.dt + _datetime.timedelta(seconds=_spec_kit.num(n) % 100000)

    def isoformat(self):
        return _datetime.datetime.fromisoformat(self.dt.isoformat()).utcoffset()

    def compare(self):
        return self.dt == self.dt.astimezone(self.fixed), hash(self.dt)

    def now(self):
        return _datetime.datetime.now(self.zone).tzname()

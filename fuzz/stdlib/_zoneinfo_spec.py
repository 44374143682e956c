"""_zoneinfo_spec.py - ZoneInfo zones (the constructor needs a key) shared by the threads:
offsets, names and conversions at once while other threads fill, clear and bypass a
ZoneInfo subclass's key cache (its own strong and weak caches, made on first use). The zones
are read by from_file from TZif blobs built here, so nothing depends on the machine's tzdata;
a key the machine has no file for raises ZoneInfoNotFoundError, which is that lookup's result."""
import _zoneinfo
import datetime
import io
import struct

import _spec_kit


def _tzif(transitions, types, footer):
    """A version 2 TZif file: transitions [(UTC seconds, type index)], types [(UTC offset,
    is_dst, abbreviation)] and the footer's POSIX TZ string for times after the last one."""
    chars, index = b"", []
    for _, _, abbr in types:
        index.append(len(chars))
        chars += abbr.encode() + b"\0"

    def block(fmt):
        out = struct.pack(">4sc15x6l", b"TZif", b"2", 0, 0, 0, len(transitions), len(types),
                          len(chars))
        out += b"".join(struct.pack(fmt, t) for t, _ in transitions)
        out += bytes(i for _, i in transitions)
        out += b"".join(struct.pack(">lBB", u, d, i) for (u, d, _), i in zip(types, index))
        return out + chars

    return block(">l") + block(">q") + b"\n" + footer.encode() + b"\n"


_BLOBS = [
    _tzif([(-1000000000, 1), (0, 0), (1000000000, 1)], [(3600, 0, "CET"), (7200, 1, "CEST")],
          "CET-1CEST,M3.5.0,M10.5.0/3"),
    _tzif([(-800000000, 0), (400000000, 1)], [(-18000, 0, "EST"), (-14400, 1, "EDT")],
          "EST5EDT,M3.2.0,M11.1.0"),
    _tzif([], [(19800, 0, "+0530")], "<+0530>-5:30"),
    _tzif([(100000000, 1)], [(0, 0, "UTC"), (-3 * 3600, 0, "-03")], "<-03>3"),
    _tzif([(0, 0)], [(-36000, 0, "HST")], "HST10"),  # one type whose DST is a Julian rule
]
_KEYS = ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Etc/GMT+3",
         "Australia/Lord_Howe", "No/Such_Zone"]
_ERRORS = (KeyError, ValueError, OverflowError, OSError)


def _warm():
    """A key with no file is looked up in the tzdata package through importlib.resources,
    whose first import costs a second: imported here, with the spec, not in a run."""
    import importlib.resources  # noqa: F401


_warm()


def _moment(x):
    """A naive datetime from a pool value: years 1 to 9999 reach past the transitions."""
    k = _spec_kit.num(x)
    return datetime.datetime(1 + k % 9999, 1 + k % 12, 1 + k % 28, k % 24, k % 60, fold=k & 1)


class SharedZones:
    """Zones from TZif blobs, a ZoneInfo subclass whose key cache the threads share, and the
    zones its keys gave."""

    def _zones(self):
        return _spec_kit.lazy(self, "zones", lambda: [
            _zoneinfo.ZoneInfo.from_file(io.BytesIO(b), key="Blob/%d" % i)
            for i, b in enumerate(_BLOBS)])

    def _type(self):
        return _spec_kit.lazy(self, "type", lambda: type("Zone", (_zoneinfo.ZoneInfo,), {}))

    def _zone(self, x):
        zones = self._zones()
        return zones[_spec_kit.num(x) % len(zones)]

    def offset(self, x):
        z, dt = self._zone(x), _moment(x)
        return z.utcoffset(dt), z.dst(dt), z.tzname(dt)

    def fromutc(self, x):
        z = self._zone(x)
        try:
            return z.fromutc(_moment(x).replace(tzinfo=z))
        except _ERRORS:
            return None

    def convert(self, x, y):
        try:
            return _moment(x).replace(tzinfo=self._zone(x)).astimezone(self._zone(y))
        except _ERRORS:
            return None

    def timestamp(self, x):
        try:
            return datetime.datetime.fromtimestamp(
                (_spec_kit.num(x) % 8000000000) - 4000000000, self._zone(x))
        except _ERRORS:
            return None

    def key(self, x):
        """A zone through the subclass's cache; the zone joins the shared ones."""
        try:
            z = self._type()(_KEYS[_spec_kit.num(x) % len(_KEYS)])
        except _ERRORS:
            return None
        zones = self._zones()
        if len(zones) < 16:
            zones.append(z)
        return z.key

    def no_cache(self, x):
        try:
            return self._type().no_cache(_KEYS[_spec_kit.num(x) % len(_KEYS)])
        except _ERRORS:
            return None

    def clear(self, x):
        k = _spec_kit.num(x)
        if k & 1:
            self._type().clear_cache()
        else:
            self._type().clear_cache(only_keys=[_KEYS[k % len(_KEYS)], str(x)])

    def from_file(self, x):
        """A zone read from a blob under the pool value's key, joining the shared ones."""
        k = _spec_kit.num(x)
        z = self._type().from_file(io.BytesIO(_BLOBS[k % len(_BLOBS)]), key=str(x)[:32])
        zones = self._zones()
        if len(zones) < 16:
            zones.append(z)
        else:
            zones[k % len(zones)] = z
        return repr(z)

    def pickle(self, x):
        z = self._zone(x)
        try:
            fn, args = z.__reduce__()
            return fn(*args)
        except Exception:  # from_file zones do not pickle (PicklingError)
            return None

    def names(self, x):
        z = self._zone(x)
        return str(z), repr(z), z.key, hash(z)

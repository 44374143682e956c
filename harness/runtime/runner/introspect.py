# introspect.py - what the C harness asks of the interpreter and the user's module (part of _ftfuzz_runner).


def leftover_blocks(n):
    """Memory blocks still allocated after n more runs of a small program than after one
    (sys.getallocatedblocks(); gc.get_objects() would not do: an immortal object is no
    longer tracked by the GC). About none when runs leave nothing behind (`ftfuzz doctor`)."""
    import gc
    src = ("ERRORS = []\n"
           "def body(line):\n"
           "    end = line.wait()\n"
           "    sum(range(3))\n"
           "    end.finish()\n"
           "def t0(line):\n"
           "    body(line)\n"
           "def t1(line):\n"
           "    body(line)\n"
           "THREADS = [t0, t1]\n"
           "def check():\n"
           "    return []\n")

    def blocks():
        gc.collect()
        return sys.getallocatedblocks()
    run(src, 10)
    before = blocks()
    for _ in range(n):
        run(src, 10)
    return blocks() - before


user_module = None  # set by the C harness after importing --module
spec_module = None  # --spec FILE.py, loaded by load_spec: described with user_module
PYTHON_EXE = None   # the build's python3.Xt, set by the C harness
denied = set()      # names never called (src/stdlib_deny.def; "*": the whole module)


def set_denied(names_csv):
    """The user module's names never to call, comma-separated ("*": the whole module)."""
    global denied
    denied = set(names_csv.split(","))


def build_info():
    """(version, configure arguments, 1 when free-threaded) of this CPython, for doctor."""
    import sysconfig
    return (sys.version.split()[0], str(sysconfig.get_config_var("CONFIG_ARGS")),
            1 if sysconfig.get_config_var("Py_GIL_DISABLED") == 1 else 0)


_METH_NOARGS, _METH_O = 0x4, 0x8  # Include/methodobject.h


def _arity(fn, bound):
    """(min, max) positional arguments, from the signature when CPython knows it, else
    from the C calling convention."""
    import inspect
    try:
        params = list(inspect.signature(fn).parameters.values())
    except Exception:
        # No text signature, or one whose defaults do not evaluate (select.epoll.register's
        # `select.EPOLLIN`: in module select, `select` is the function, an AttributeError
        # that ended the worker's start-up): the C calling convention fixes METH_NOARGS and
        # METH_O; for
        # METH_VARARGS / METH_FASTCALL guess 0-3 arguments, which the renderer fills mostly
        # with shared objects and their keys.
        from _ftfuzz import call_flags
        flags = call_flags(fn)
        if flags is not None and flags & _METH_NOARGS:
            return (0, 0)
        if flags is not None and flags & _METH_O:
            return (1, 1)
        return (0, 3)
    if bound and params and params[0].name in ("self", "$self"):
        params = params[1:]
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    required = [p for p in positional if p.default is p.empty]
    varargs = any(p.kind == p.VAR_POSITIONAL for p in params)
    return (len(required), 4 if varargs else len(positional))


def load_spec(path):
    """Import a spec file as the module named after it, from its directory. A spec is
    plain Python: its classes built with no arguments are the shared objects and their
    methods the operations on them; its functions are operations too (README.md). They
    are called beside what introspecting the module finds (describe_module)."""
    import importlib, os
    global spec_module
    directory, name = os.path.split(os.path.abspath(path))
    name = name[:-3]
    if not name.isidentifier():
        raise ValueError("the file name must be a Python identifier to be imported")
    if directory not in sys.path:
        sys.path.insert(0, directory)
    spec_module = importlib.import_module(name)
    for cname, obj in sorted(vars(spec_module).items()):
        # A public class of the spec is a shared object: one that does not build is a
        # broken spec, said now rather than left out (helpers: a leading underscore).
        if (not cname.startswith("_") and isinstance(obj, type)
                and obj.__module__ == spec_module.__name__):
            try:
                obj()
            except Exception as e:
                raise ValueError("%s() raised %s: %s" % (cname, type(e).__name__, e))
    own = []
    _describe_part(spec_module, "", spec_module, own, True)
    if not own:
        raise ValueError("defines no public class or function to call")


def _is_extension(path):
    import importlib.machinery
    return any(path.endswith(s) for s in importlib.machinery.EXTENSION_SUFFIXES)


def module_binaries():
    """The basenames of user_module's extension files, one a line, as TSan names the
    binaries in its frames: the module's own file, or for a package (its __file__ is an
    __init__.py) every extension file under its directories, so a race in the C submodule
    the package re-exports is the package's."""
    import os
    m = user_module
    if m is None:
        return ""
    names = []
    for directory in getattr(m, "__path__", None) or []:
        for root, dirs, files in os.walk(directory):
            dirs.sort()
            names += sorted(f for f in files if _is_extension(f))
    file = getattr(m, "__file__", None) or ""
    if _is_extension(file):
        names.insert(0, os.path.basename(file))
    return "\n".join(dict.fromkeys(names))


def _module_parts(m):
    """(prefix, module) pairs whose public names are the module's: m itself and, for a
    package, its public C submodules (pkg.core: "core."), whatever __init__.py re-exports."""
    parts = [("", m)]
    if getattr(m, "__path__", None) is None:
        return parts
    for name in sorted(vars(m)):
        sub = getattr(m, name)
        if (not name.startswith("_") and type(sub) is type(m)
                and _is_extension(getattr(sub, "__file__", None) or "")):
            parts.append((name + ".", sub))
    return parts


def _spec_alias(spec, m):
    """The name under which the spec reaches m (its `import m`, `import m as x`, or for a
    submodule `import pkg.m`: "pkg.m"), or None when it does not import m."""
    if getattr(spec, "INTROSPECT", True) is False:
        return None  # the spec asks for its own operations only
    for name, obj in sorted(vars(spec).items()):
        if obj is m:
            return name
    head, _, rest = m.__name__.partition(".")
    for name, obj in sorted(vars(spec).items()):
        if rest and type(obj) is type(m) and obj.__name__ == head:
            try:
                if _resolve(obj, rest) is m:
                    return name + "." + rest
            except AttributeError:
                pass
    return None


def describe_module(limit=64):
    """Entries (name, is_type, owner, min_args, max_args) of the public callables of
    user_module, or with a spec of the spec and then user_module: functions, types
    constructible without arguments, and those types' methods (owner = the type's entry
    index). A spec adds to the introspection: what it defines first (what it imports is
    not its own), then the module's own callables by the name the spec imports it under
    ("_io.BytesIO" for a spec that does `import _io`), so programs reach both through the
    spec and a repro.py needs nothing more. A spec that does not import the module, or
    sets INTROSPECT = False, gives its own operations only."""
    entries = []
    if spec_module is not None:
        _describe_part(spec_module, "", spec_module, entries, True)
        alias = _spec_alias(spec_module, user_module) if user_module is not None else None
        prefixes = [alias + "."] if alias else []
    else:
        prefixes = [""]
    if "*" not in denied:
        for base in prefixes:
            for prefix, part in _module_parts(user_module):
                _describe_part(user_module, base + prefix, part, entries, False)
    return entries[:limit]


def _describe_part(m, prefix, part, entries, own_only):
    for name in sorted(vars(part)):
        if name.startswith("_") or (not own_only and name in denied):
            continue
        obj = getattr(part, name)
        if own_only and getattr(obj, "__module__", m.__name__) != m.__name__:
            continue
        if isinstance(obj, type):
            try:
                obj()
            except Exception:
                continue  # needs arguments: a --spec can say how to build it
            owner = len(entries)
            entries.append((prefix + name, 1, -1, 0, 0))
            for meth in sorted(vars(obj)):
                if meth.startswith("_"):
                    continue
                attr = getattr(obj, meth, None)
                if callable(attr):
                    entries.append((meth, 0, owner) + _arity(attr, True))
        elif callable(obj) and type(obj) is not type(m):
            entries.append((prefix + name, 0, -1) + _arity(obj, False))


def pin_callables():
    """Make the user's module, the spec, builtins and _ftfuzz immortal, with their public
    functions, types and the types' attributes (_ftfuzz.pin): their reference counts,
    bumped by every call from every thread, would otherwise order the threads for TSan
    and hide the module's races unless the calls overlap exactly. They live as long as
    the interpreter, so nothing else changes."""
    import builtins
    import _ftfuzz
    from _ftfuzz import pin
    parts = [sub for _, sub in _module_parts(user_module)] if user_module else []
    # What the spec imports (a helper module of its own, the module's siblings) is called
    # from every thread as much as the spec.
    helpers = [v for v in vars(spec_module).values()
               if type(v) is type(builtins)] if spec_module else []
    for m in parts + [spec_module] + helpers + [builtins, _ftfuzz]:
        if m is None:
            continue
        pin(m)
        for name, obj in list(vars(m).items()):
            if name.startswith("_") and m is not builtins:
                continue
            if isinstance(obj, type):
                if obj.__module__ != "builtins":  # CPython's static types are immortal
                    pin(obj)
                    for attr in list(vars(obj).values()):
                        if callable(attr) or hasattr(attr, "__get__"):
                            pin(attr)
            elif callable(obj):
                pin(obj)


def gil_declared_off():
    """True when user_module declared Py_mod_gil = Py_MOD_GIL_NOT_USED. Probed the way
    CPython decides: in a child interpreter whose GIL setting is the default."""
    import subprocess
    code = ("import sys; sys.path[:0] = %r; import %s; print(sys._is_gil_enabled())"
            % (sys.path[:1], user_module.__name__))
    try:
        out = subprocess.run([PYTHON_EXE, "-c", code], capture_output=True, text=True,
                             timeout=120, env={"PYTHON_GIL": "", "TSAN_OPTIONS": "report_bugs=0"})
    except Exception:
        return None
    return out.stdout.strip() == "False"



def _resolve(m, dotted):
    """m's attribute at a describe_module() name ("core.f": m.core.f)."""
    obj = m
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def _accepts(fn, args, timeout):
    """True when fn(*args) raised no TypeError, False when it did, None when it did not
    return within timeout seconds (in a daemon thread: a call that never returns is left
    behind, and the probe process ends soon anyway)."""
    import threading
    box = []

    def go():
        try:
            fn(*args)
            box.append(True)
        except TypeError:
            box.append(False)
        except BaseException:
            box.append(True)  # the right type, a value it rejects: the kind is accepted
    t = threading.Thread(target=go, daemon=True)
    t.start()
    t.join(timeout)
    return box[0] if box else None


def probe_module(values, timeout, budget, prior=None, journal=None):
    """Per describe_module() entry, the bits of the kinds it accepts: values is a list of
    (bit, source text) with one pool value per kind, evaluated with _i = 0 (text None: an
    instance of the method's own type, for a function of the module's first type); each
    callable taking arguments is called once per kind with every argument of that kind,
    an instance of its type made fresh for a method. -1: not probed (a type, a callable of
    no arguments, a call that timed out, the budget spent). prior: per entry, a result an
    earlier probe already has (not called again: one that crashed the process is given
    -1), None to probe it. journal: a file the probe appends "start I NAME" to before it
    touches entry I and "done I MASK" after, unbuffered, so a call that kills the process
    still leaves the others' results and names its entry (src/probe_journal.h)."""
    import os, time
    m = spec_module or user_module
    entries = describe_module()
    types = [e[0] for e in entries if e[1] and e[2] < 0]
    fd = os.open(journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644) if journal else -1

    def note(line):
        if fd >= 0:
            os.write(fd, (line + "\n").encode())

    def value(text, owner):
        if text is not None:
            return eval(text, {"_i": 0})
        name = entries[owner][0] if owner >= 0 else (types[0] if types else None)
        return _resolve(m, name)() if name else None
    pool = list(values)
    end = time.monotonic() + budget
    masks = []
    for i, (name, is_type, owner, lo, hi) in enumerate(entries):
        if prior is not None and i < len(prior) and prior[i] is not None:
            masks.append(prior[i])
            continue
        n = lo if lo > 0 else (1 if hi > 0 else 0)
        mask = -1
        if not is_type and n > 0 and time.monotonic() < end:
            note("start %d %s" % (i, (entries[owner][0] + "." if owner >= 0 else "") + name))
            mask = 0
            for bit, text in pool:
                if text is None and owner < 0 and not types:
                    continue  # no type to make an instance of
                try:
                    fn = (getattr(_resolve(m, entries[owner][0])(), name) if owner >= 0
                          else _resolve(m, name))
                    args = [value(text, owner) for _ in range(n)]
                except Exception:
                    mask = -1
                    break
                ok = _accepts(fn, args, timeout)
                if ok is None:
                    mask = -1
                    break
                if ok:
                    mask |= 1 << bit
            note("done %d %d" % (i, mask))
        masks.append(mask)
    if fd >= 0:
        os.close(fd)
    return masks

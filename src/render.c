/* render.c - program -> Python source, driven by the op and kind tables.
 *
 * The contract with harness/runtime/runner/: HARNESS mode renders a module that, exec'd in a
 * fresh namespace, defines
 *   _fy() / _fs(n) / _fl(us)  schedule points, from _ftfuzz or a pure-Python fallback;
 *   ERRORS   list of (thread index, traceback text) of exceptions no row allows;
 *   S0..Sn   the shared objects, module globals;
 *   t0..tk   thread functions taking one threading.Barrier, waiting on it, then looping
 *            their ops; each op sits in a try that allows exactly its row's exceptions;
 *   THREADS  [t0, t1, ...];
 *   check()  the atomicity oracle: a list of str, one per broken conservation (empty =
 *            fine). It returns [] when ERRORS is not empty: a thread that stopped early
 *            left its additions unknown.
 * STANDALONE mode (repro.py) adds a leading docstring on how to run it and a __main__
 * driver that runs THREADS from a spin start line, ROUNDS times (FTFUZZ_ROUNDS, default
 * 10) in fresh namespaces, prints ERRORS and check() to stderr and exits 1 at the first
 * round with anything, else 0.
 *
 * Conservation check (objects in ftf_render_checked()): every element added is either
 * still there or was taken, exactly once. Adds are deterministic, so check() rebuilds them
 * from the program (tokens are _TK | iteration << 8 | thread * 16 + op); takes are
 * recorded in per-thread, per-object lists _took_tT_SO. */
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ident.h"
#include "render_parts.h"

/* ---- the whole module ------------------------------------------------------------------ */

/* repro.py with a module: which PYTHONPATH it needs (the --path it was fuzzed from, added to
 * sys.path when that directory still exists), and the GIL kept off. */
static void module_preamble(struct ftf_sb *b, const struct ftf_module_desc *mod)
{
    ftf_sb_puts(b, "import os, sys\n");
    ftf_sb_printf(b, "# %s must be importable: PYTHONPATH=DIR, DIR holding its extension file", mod->name);
    int plain = mod->path && !mod->path[strcspn(mod->path, "'\\\n")];
    if (plain) {
        ftf_sb_printf(b, " (fuzzed from\n# %s, added below when it exists)\n", mod->path);
        ftf_sb_printf(b, "if os.path.isdir('%s'):\n    sys.path.insert(0, '%s')\n", mod->path,
                      mod->path);
    } else {
        ftf_sb_puts(b, "\n");
    }
    ftf_sb_puts(b, "# A module without Py_mod_gil would turn the GIL on when imported: run again with\n"
                   "# PYTHON_GIL=0.\n"
                   "if __name__ == '__main__' and os.environ.get('PYTHON_GIL') != '0' and \\\n"
                   "        hasattr(sys, '_is_gil_enabled'):\n"
                   "    os.environ['PYTHON_GIL'] = '0'\n"
                   "    os.execv(sys.executable, [sys.executable] + sys.argv)\n");
}

static const char standalone_doc[] =
    "\"\"\"ftfuzz reproducer: a generated concurrent program for free-threaded CPython.\n"
    "\n"
    "Run it on any free-threaded build, with the GIL off:\n"
    "    PYTHON_GIL=0 python3.13t repro.py\n"
    "(a module that does not declare Py_mod_gil turns the GIL back on when imported, which\n"
    "hides every race; run as a script, repro.py sets PYTHON_GIL=0 itself, re-executing once).\n"
    "Run it on the ThreadSanitizer build (ftfuzz's CPython), with CPython's suppressions\n"
    "for its known reports (Tools/tsan/suppressions_free_threading.txt in its source):\n"
    "    PYTHON_GIL=0 TSAN_OPTIONS=suppressions=SUPPRESSIONS_FILE PREFIX/bin/python3.13t repro.py\n"
    "It runs the program FTFUZZ_ROUNDS times (default 10): races need lucky overlaps.\n"
    "Exit status 1 when a thread raised an exception its op does not allow or check()\n"
    "found a broken atomicity guarantee, else 0.\n"
    "\"\"\"\n";

static const char prelude[] =
    "import collections, gc, itertools, operator, pickle, traceback\n";

static const char sched_fallback[] =
    "try:\n"
    "    from _ftfuzz import sched_yield as _fy, spin as _fs, sleep_us as _fl\n"
    "except ImportError:  # standalone: pure-Python schedule points\n"
    "    import os, time\n"
    "    _fy = getattr(os, 'sched_yield', lambda: time.sleep(0))\n"
    "\n"
    "    def _fs(n):\n"
    "        for _ in range(n):\n"
    "            pass\n"
    "\n"
    "    def _fl(us):\n"
    "        time.sleep(us / 1e6)\n";

/* The pinned overlap's rendezvous (program.h, struct ftf_pin). In ftfuzz, _ftfuzz.meet
 * waits unseen by ThreadSanitizer; the fallback spins on plain attributes of one object
 * per side: a Lock or an Event would order the two threads for ThreadSanitizer and hide
 * the very race they line up. Each side writes only its own object (the number of
 * meetings it reached, a small int: immortal, reading it touches no reference count),
 * and a side that left its loop says so (_pinned), so the other never waits for a
 * meeting that will not come. */
static const char meet_fallback[] =
    "try:\n"
    "    from _ftfuzz import meet as _fm, meet_done as _fmd, meet_reset as _fmr\n"
    "except ImportError:  # standalone: the rendezvous spins on plain attributes\n"
    "    class _Side:\n"
    "        def __init__(self):\n"
    "            self.reached = 0\n"
    "            self.done = False\n"
    "\n"
    "    _SIDES = (_Side(), _Side())\n"
    "\n"
    "    def _fmr():\n"
    "        pass  # each round execs a fresh namespace, with fresh sides\n"
    "\n"
    "    def _fm(side, n, _sides=_SIDES):\n"
    "        me, other = _sides[side], _sides[1 - side]\n"
    "        me.reached = n + 1\n"
    "        while other.reached <= n and not other.done:\n"
    "            pass\n"
    "\n"
    "    def _fmd(side, _sides=_SIDES):\n"
    "        _sides[side].done = True\n"
    "_fmr()\n"
    "\n"
    "\n"
    "def _pinned(body, side):\n"
    "    def run():\n"
    "        try:\n"
    "            body()\n"
    "        finally:\n"
    "            _fmd(side)  # no more meetings on this side\n"
    "    return run\n";

/* The racing pair as a comment line (the caller's text, one line, or a placeholder). */
static void emit_pair_note(struct ftf_sb *b, const char *note)
{
    ftf_sb_puts(b, "# Race: ");
    for (const char *c = note ? note : "(the pinned pair)"; *c && *c != '\n'; c++)
        ftf_sb_putn(b, c, 1);
    ftf_sb_puts(b, "\n");
}

static const char obj_class[] =
    "\n\nclass _Obj:\n"
    "    def __init__(self):\n"
    "        self.n = 0\n"
    "        self.a = 1\n";

/* Every thread body runs inside this: released with the others on the start line, its
 * exceptions recorded, held at the finish line until every body is done (TSan mostly
 * missed races with a thread that had left: harness/runtime/sched_module.c). The bodies
 * above hold only the program's own ops. */
static const char thread_wrapper[] =
    "\n\ndef _in_line(n, body):\n"
    "    def run(_barrier):\n"
    "        _end = _barrier.wait()\n"
    "        try:\n"
    "            body()\n"
    "        except BaseException:\n"
    "            ERRORS.append((n, traceback.format_exc()))\n"
    "        finally:\n"
    "            _end.finish()\n"
    "    return run\n";

static const char conserved_fn[] =
    "\n\ndef _conserved(what, before, after):\n"
    "    # Multisets compared by repr: elements may be unhashable; pool values and tokens\n"
    "    # have distinct reprs.\n"
    "    a = collections.Counter(map(repr, before))\n"
    "    b = collections.Counter(map(repr, after))\n"
    "    if a == b:\n"
    "        return []\n"
    "    lost = sorted((a - b).elements())[:8]\n"
    "    extra = sorted((b - a).elements())[:8]\n"
    "    return ['%s: elements not conserved: lost %s, duplicated or forged %s'\n"
    "            % (what, lost, extra)]\n";

/* The standalone driver. Threads start on a spin line, not threading.Barrier alone:
 * a Barrier wakes its waiters one by one, far enough apart that short bodies never
 * overlap (the harness's C SpinBarrier exists for the same reason). And it runs the
 * program ROUNDS times, each round in a fresh namespace from this file's own text, so
 * check()'s bookkeeping stays per round: a race that needs a lucky overlap gets that
 * many chances, as a repeated `ftfuzz repro` would give it. */
static const char driver[] =
    "\n\nclass _SpinLine:\n"
    "    \"\"\"Start line: all threads arrive, then all leave at once (busy-waiting).\n"
    "    wait() returns the thread's own way to the finish line, where no thread ends\n"
    "    before the others (ThreadSanitizer mostly misses a race with a thread that has\n"
    "    ended). Nothing a thread touches at the finish is touched by one still leaving\n"
    "    the start: ThreadSanitizer would take that as an order between them.\"\"\"\n"
    "    def __init__(self, n):\n"
    "        import threading\n"
    "        self.n, self.arrived, self.lock = n, 0, threading.Lock()\n"
    "        self.end = _EndLine(n)\n"
    "\n"
    "    def wait(self):\n"
    "        end = _Finish(self.end)\n"
    "        with self.lock:\n"
    "            self.arrived += 1\n"
    "        while self.arrived < self.n:\n"
    "            pass\n"
    "        return end\n"
    "\n"
    "\n"
    "class _EndLine:\n"
    "    def __init__(self, n):\n"
    "        import threading\n"
    "        self.n, self.arrived, self.lock = n, 0, threading.Lock()\n"
    "\n"
    "\n"
    "class _Finish:\n"
    "    def __init__(self, line):\n"
    "        self.line = line\n"
    "\n"
    "    def finish(self):\n"
    "        line = self.line\n"
    "        with line.lock:\n"
    "            line.arrived += 1\n"
    "        while line.arrived < line.n:\n"
    "            pass\n"
    "\n"
    "\n"
    "if __name__ == \"__main__\":\n"
    "    import os, sys, threading\n"
    "    ROUNDS = int(os.environ.get('FTFUZZ_ROUNDS', '10'))\n"
    "    with open(__file__) as _src:\n"
    "        _code = compile(_src.read(), __file__, 'exec')\n"
    "    _failed = False\n"
    "    for _round in range(ROUNDS):\n"
    "        _ns = {'__name__': '__ftfuzz_round__', '__file__': __file__}\n"
    "        exec(_code, _ns)\n"
    "        _line = _SpinLine(len(_ns['THREADS']))\n"
    "        _ts = [threading.Thread(target=_f, args=(_line,)) for _f in _ns['THREADS']]\n"
    "        for _t in _ts:\n"
    "            _t.start()\n"
    "        for _t in _ts:\n"
    "            _t.join()\n"
    "        _msgs = _ns['check']()\n"
    "        for _n, _tb in _ns['ERRORS']:\n"
    "            print('round %d: thread %d raised:\\n%s' % (_round, _n, _tb), file=sys.stderr)\n"
    "        for _m in _msgs:\n"
    "            print('round %d: atomicity: %s' % (_round, _m), file=sys.stderr)\n"
    "        if _ns['ERRORS'] or _msgs:\n"
    "            _failed = True\n"
    "            break\n"
    "    sys.exit(1 if _failed else 0)\n";

static int uses_token(const struct ftf_program *p)
{
    for (unsigned t = 0; t < p->n_threads; t++)
        for (unsigned k = 0; k < p->threads[t].n_ops; k++)
            if (ftf_render_op_valid(p, &p->threads[t].ops[k]) &&
                strstr(ftf_op_info(p->threads[t].ops[k].code)->text, "$t"))
                return 1;
    return 0;
}

static int has_kind(const struct ftf_program *p, unsigned kind)
{
    for (unsigned i = 0; i < p->n_objs; i++)
        if (p->objs[i].kind == kind)
            return 1;
    return 0;
}

static int program_ok(const struct ftf_program *p)
{
    if (p->n_objs < 1 || p->n_objs > FTF_MAX_OBJS || p->n_threads > FTF_MAX_THREADS)
        return 0;
    for (unsigned i = 0; i < p->n_objs; i++)
        if (p->objs[i].kind >= FTF_K_COUNT)
            return 0;
    for (unsigned t = 0; t < p->n_threads; t++)
        if (p->threads[t].n_ops > FTF_MAX_OPS)
            return 0;
    return 1;
}

static char *render(const struct ftf_program *p, enum ftf_render_mode mode,
                    const struct ftf_module_desc *mod, const char *pair_note,
                    struct ftf_render_map *map)
{
    struct ftf_sb b = {0};
    struct ftf_render_ctx cx = {.p = p, .map = map};
    if (map)
        memset(map, 0, sizeof *map);
    if (!program_ok(p)) {
        /* Not from the decoder; render something harmless rather than read out of bounds. */
        ftf_sb_puts(&b, "ERRORS = []\nTHREADS = []\n\n\ndef check():\n    return []\n");
        goto out;
    }
    if (mod && ftf_is_ident(mod->name, 1)) {
        cx.mod = mod;
        cx.n_entries = mod->n_entries < FTF_MODULE_MAX_ENTRIES ? mod->n_entries
                                                               : FTF_MODULE_MAX_ENTRIES;
    }
    cx.checked = ftf_render_checked(p);

    if (mode == FTF_RENDER_STANDALONE) {
        ftf_sb_puts(&b, standalone_doc);
        if (ftf_pin_valid(p) || pair_note) /* one line whatever it says: maps hold */
            emit_pair_note(&b, pair_note);
    }
    ftf_sb_puts(&b, prelude);
    if (cx.mod && mode == FTF_RENDER_STANDALONE)
        module_preamble(&b, cx.mod);
    if (cx.mod)
    {
        ftf_sb_puts(&b, "import ");
        ftf_sb_puts(&b, cx.mod->name);
        ftf_sb_puts(&b, "\n");
    }
    /* The program first (objects, then thread bodies), so that it is what a reader of
     * repro.py sees; the fixed helpers after it. */
    if (has_kind(p, FTF_K_INSTANCE))
        ftf_sb_puts(&b, obj_class);
    ftf_sb_puts(&b, "\n");
    /* Iterators last: their sources must exist first. */
    for (int pass = 0; pass < 2; pass++)
        for (unsigned i = 0; i < p->n_objs; i++) {
            if ((p->objs[i].kind == FTF_K_ITER) != (pass == 1))
                continue;
            ftf_sb_printf(&b, "S%u = ", i);
            ftf_render_emit_ctor(&b, &cx, i);
            ftf_sb_printf(&b, "  # %s\n", ftf_kind_info(p->objs[i].kind)->label);
        }
    for (unsigned i = 0; i < p->n_objs; i++) {
        if (!ftf_render_is_checked(&cx, i))
            continue;
        ftf_sb_printf(&b, "_init_S%u = list(S%u)  # for check()\n", i, i);
        for (unsigned t = 0; t < p->n_threads; t++)
            if (ftf_render_thread_takes(p, t, i))
                ftf_sb_printf(&b, "_took_t%u_S%u = []  # what t%u took from S%u\n", t, i, t, i);
    }

    for (unsigned t = 0; t < p->n_threads; t++)
        ftf_render_emit_thread(&b, &cx, t);

    ftf_sb_puts(&b, "\n\n# ---- fixed helpers: schedule points, the start and finish lines, check() ----\n");
    ftf_sb_puts(&b, sched_fallback);
    if (ftf_pin_valid(p))
        ftf_sb_puts(&b, meet_fallback);
    ftf_sb_puts(&b, "\nERRORS = []\n");
    if (uses_token(p))
        ftf_sb_puts(&b, "_TK = 1 << 40  # base of unique tokens: _TK | iteration << 8 | op id\n");
    if (cx.checked)
        ftf_sb_puts(&b, conserved_fn);
    ftf_sb_puts(&b, thread_wrapper);

    ftf_sb_puts(&b, "\n\nTHREADS = [");
    for (unsigned t = 0; t < p->n_threads; t++) {
        int side = -1;
        for (int sd = 0; sd < 2; sd++)
            if (ftf_pin_valid(p) && p->pin.thread[sd] == t)
                side = sd;
        if (side >= 0)
            ftf_sb_printf(&b, "%s_in_line(%u, _pinned(t%u, %d))", t ? ", " : "", t, t, side);
        else
            ftf_sb_printf(&b, "%s_in_line(%u, t%u)", t ? ", " : "", t, t);
    }
    ftf_sb_puts(&b, "]\n");

    ftf_render_emit_check(&b, &cx);
    if (mode == FTF_RENDER_STANDALONE)
        ftf_sb_puts(&b, driver);

out:
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

char *ftf_render(const struct ftf_program *p, enum ftf_render_mode mode,
                 const struct ftf_module_desc *mod)
{
    return render(p, mode, mod, NULL, NULL);
}

char *ftf_render_mapped(const struct ftf_program *p, enum ftf_render_mode mode,
                        const struct ftf_module_desc *mod, const char *pair_note,
                        struct ftf_render_map *map)
{
    return render(p, mode, mod, pair_note, map);
}

const struct ftf_op_info *ftf_render_op_at_line(const struct ftf_program *p,
                                                enum ftf_render_mode mode,
                                                const struct ftf_module_desc *mod,
                                                unsigned line)
{
    struct ftf_render_map map;
    if (!line)
        return NULL;
    char *src = render(p, mode, mod, NULL, &map);
    free(src);
    if (!src)
        return NULL;
    for (unsigned t = 0; t < p->n_threads && t < FTF_MAX_THREADS; t++)
        for (unsigned k = 0; k < p->threads[t].n_ops && k < FTF_MAX_OPS; k++)
            if (map.line[t][k] && line >= map.line[t][k] && line <= map.last[t][k])
                return ftf_op_info(p->threads[t].ops[k].code);
    return NULL;
}

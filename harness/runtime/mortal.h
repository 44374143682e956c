/* mortal.h - keep the objects a program's text creates mortal in CPython 3.13t. */
#ifndef FTF_MORTAL_H
#define FTF_MORTAL_H

/* Between begin and end, the functions, classes and code objects CPython creates get
 * deferred reference counting, freed by the cyclic GC once unreachable, instead of
 * becoming immortal (3.13t immortalizes them once a second thread exists: gh-117783).
 * Nests; a no-op on builds that do not immortalize. */
void ftf_mortal_begin(void);
void ftf_mortal_end(void);

#endif

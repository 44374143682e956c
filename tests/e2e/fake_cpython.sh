#!/usr/bin/env bash
# fake_cpython.sh - a tiny stand-in CPython source tree for testing ci/build/cpython.sh's cache,
# lock and failure handling without a real 10-minute build.
# Usage: tests/e2e/fake_cpython.sh DIR MODE
#   ok      configure sleeps 2 s (so two builds overlap), install writes a small prefix
#   fail    configure fails with a recognisable error line
#   fill    install writes 64 MB into the prefix (a full disk on a small cache)
set -eu
dir=$1 mode=$2
mkdir -p "$dir/Include" "$dir/Tools/tsan"
echo '#define PY_VERSION "3.13.99"' > "$dir/Include/patchlevel.h"
echo "# fake suppressions ($mode)" > "$dir/Tools/tsan/suppressions_free_threading.txt"
cat > "$dir/configure" <<CONF
#!/bin/sh
mode=$mode
CONF
cat >> "$dir/configure" <<'CONF'
prefix=
for a in "$@"; do case $a in --prefix=*) prefix=${a#--prefix=} ;; esac; done
case $mode in
  fail) echo "configure: error: fake failure: no working C compiler" >&2; exit 1 ;;
  ok) sleep 2 ;;
esac
big=1
[ "$mode" = fill ] && big=64
printf 'all:\n\t@echo built\ninstall:\n\tmkdir -p $(DESTDIR)%s/bin $(DESTDIR)%s/lib\n\tdd if=/dev/zero of=$(DESTDIR)%s/lib/payload bs=1M count=%s\n' \
  "$prefix" "$prefix" "$prefix" "$big" > Makefile
CONF
chmod +x "$dir/configure"

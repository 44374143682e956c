#!/bin/bash -eu
# build.sh - ClusterFuzzLite build step: ftfuzz and its TSan CPython into $OUT.
#
# ClusterFuzzLite runs $OUT/<fuzzer> with libFuzzer's flags and a corpus directory. ftfuzz's
# binary is that libFuzzer driver when FTFUZZ_TARGET and FTFUZZ_OUT are set, so the fuzzer
# is a wrapper that sets them. What it can and cannot do (README.md there):
# - batch and prune jobs work: a batch job is a libFuzzer run on the corpus, a prune job a
#   -merge=1 of it, both the engine ftfuzz's own supervisor drives;
# - ClusterFuzzLite only sees what libFuzzer sees: crashes, CPython's fatal errors and
#   libFuzzer's timeouts become its crash reports. Data races do not: TSan reports are
#   caught by ftfuzz's hook and stored in $FTFUZZ_OUT/findings (default under /tmp), which
#   ClusterFuzzLite neither reads nor uploads;
# - its sanitizer setting is not the sanitizer: TSan is linked in whatever it says, and
#   TSan needs a kernel whose vm.mmap_rnd_bits is 28 or less (ftfuzz doctor checks).
#
# CPython is built into $OUT, since the target embeds it from its install prefix at run time
# (the same /out path in the build and the run containers).
export FTFUZZ_CACHE=$OUT/ftfuzz-cache
unset CFLAGS CXXFLAGS LDFLAGS # ClusterFuzzLite's ASan flags are not ftfuzz's
make -j"$(nproc)" cpython ftfuzz
mkdir -p "$OUT/ftfuzz/bin"
cp bin/ftfuzz "$OUT/ftfuzz/bin/ftfuzz"
cp -r fuzz corpus "$OUT/ftfuzz/"
cp fuzz/containers.dict "$OUT/ftfuzz_containers.dict"
# libFuzzer's options for the target, as `ftfuzz fuzz` passes them (fuzz/containers.options)
{
    echo "[libfuzzer]"
    sed -n 's/^\(max_len\|len_control\|use_counters\) *= *\(.*\)$/\1 = \2/p' fuzz/containers.options
    echo "rss_limit_mb = 0"
} > "$OUT/ftfuzz_containers.options"
cat > "$OUT/ftfuzz_containers" <<'WRAP'
#!/bin/sh
# The libFuzzer driver of ftfuzz's containers target (ci/clusterfuzzlite/build.sh).
here=$(dirname "$0")
export FTFUZZ_TARGET=containers FTFUZZ_OUT=${FTFUZZ_OUT:-/tmp/ftfuzz-clusterfuzzlite}
export DEBUGINFOD_URLS=
mkdir -p "$FTFUZZ_OUT/findings"
exec "$here/ftfuzz/bin/ftfuzz" "$@"
WRAP
chmod +x "$OUT/ftfuzz_containers"
# The seeds, as ClusterFuzzLite's seed corpus archive.
(cd corpus/containers && zip -q "$OUT/ftfuzz_containers_seed_corpus.zip" ./*)

#!/usr/bin/env bash
# check_layers.sh - the layout's rules, checked: every include points down the pipeline
# (cli -> campaign -> worker -> runtime -> src; fuzz/ entry points use worker and src; src
# uses only src), no include cycle between modules (x.c and x.h are one module), and no
# source file over 800 lines. Prints each violation and exits 1 when there is any.
set -u
cd "${1:-$(dirname "$0")/../..}" || exit 2
MAX_LINES=800

# Rank of a folder in the pipeline: a file may include only folders of a higher rank
# (src/ headers are included bare). fuzz/ sits beside cli, above worker.
rank() {
    case "$1" in
    harness/cli) echo 0 ;; fuzz) echo 0 ;; harness/campaign) echo 1 ;;
    harness/worker) echo 2 ;; harness/runtime) echo 3 ;; src) echo 4 ;; *) echo -1 ;;
    esac
}

fail=0
complain() { echo "LAYOUT: $*"; fail=1; }

files=$(ls src/*.[ch] harness/*/*.[ch] fuzz/*.[ch] 2>/dev/null)
edges=$(mktemp)
trap 'rm -f "$edges"' EXIT
for f in $files; do
    dir=$(dirname "$f")
    from=$(rank "$dir")
    [ "$from" -ge 0 ] || { complain "$f: in no folder of the pipeline"; continue; }
    while IFS= read -r inc; do
        case "$inc" in
        cli/* | campaign/* | worker/* | runtime/*) target="harness/$inc"; tdir="harness/${inc%%/*}" ;;
        */*) continue ;; # CPython's own headers (internal/pycore_*.h)
        *) target="src/$inc"; tdir="src" ;;
        esac
        [ -e "$target" ] || { complain "$f: includes \"$inc\", which is no file of ours"; continue; }
        to=$(rank "$tdir")
        if [ "$dir" = src ] && [ "$tdir" != src ]; then
            complain "$f: src/ includes only src/, not \"$inc\""
        elif [ "$dir" = fuzz ] && [ "$tdir" != harness/worker ] && [ "$tdir" != src ]; then
            complain "$f: fuzz/ entry points include only worker/ and src/, not \"$inc\""
        elif [ "$to" -lt "$from" ] || { [ "$to" -eq "$from" ] && [ "$tdir" != "$dir" ]; }; then
            complain "$f: includes \"$inc\", a folder above it in the pipeline"
        fi
        echo "${f%.[ch]} ${target%.[ch]}" >> "$edges"
    done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
done

# Cycles between modules: a depth-first search over the include graph.
cycles=$(awk '
    $1 != $2 { adj[$1] = adj[$1] " " $2; nodes[$1]; nodes[$2] }
    function visit(n, path,    i, k, m) {
        state[n] = 1
        k = split(adj[n], next_, " ")
        for (i = 1; i <= k; i++) {
            m = next_[i]
            if (state[m] == 1) { print path " -> " m; found = 1 }
            else if (!state[m]) visit(m, path " -> " m)
            k = split(adj[n], next_, " ")
        }
        state[n] = 2
    }
    END { for (n in nodes) if (!state[n]) visit(n, n) }' "$edges")
if [ -n "$cycles" ]; then
    while IFS= read -r c; do complain "include cycle: $c"; done <<< "$cycles"
fi

for f in $(git ls-files '*.c' '*.h' '*.py' '*.sh' '*.def' 2>/dev/null || ls $files); do
    n=$(wc -l < "$f")
    [ "$n" -le "$MAX_LINES" ] || complain "$f: $n lines, over $MAX_LINES"
done

[ "$fail" -eq 0 ] && echo "LAYOUT: ok (includes follow the pipeline, no cycle, no file over $MAX_LINES lines)"
exit "$fail"

#!/usr/bin/env bash
# Proves the README's first command on a machine without PC/SC: a clean clone of this repository's
# HEAD, then `npm ci && npm start` inside a private mount namespace where the PC/SC headers
# (/usr/include/PCSC) are an empty folder and the libpcsclite library files (and its pkg-config
# file) are empty files. Expects `SPORTELLO_URL=` and a working host; the card reader says it is
# missing. Needs root (unshare -m), network to the npm registry, and a few minutes (the SQLite
# cipher module compiles from source): run it by hand, not in CI.
#
#   sudo bash scripts/fresh-machine.sh [repo dir, default: this repository]
set -euo pipefail
REPO=$(cd "${1:-$(dirname "$0")/..}" && pwd)
WORK=$(mktemp -d /tmp/sportello-fresh-XXXXXX)
echo "== clean clone of $(git -C "$REPO" rev-parse --short HEAD) into $WORK/sportello"
git clone -q --no-local "$REPO" "$WORK/sportello"
git -C "$WORK/sportello" checkout -q "$(git -C "$REPO" rev-parse HEAD)"

cat > "$WORK/inside.sh" <<'INSIDE'
set -euo pipefail
WORK=$1
mount --make-rprivate /
mkdir -p "$WORK/empty-dir" && : > "$WORK/empty-file"
mount --bind "$WORK/empty-dir" /usr/include/PCSC
for f in /usr/lib/*-linux-gnu/libpcsclite.so* /usr/lib/*-linux-gnu/libpcscspy.so* /usr/lib/*-linux-gnu/pkgconfig/libpcsclite.pc; do
  [ -f "$f" ] && [ ! -L "$f" ] && mount --bind "$WORK/empty-file" "$f" && echo "hidden: $f"
done
echo "== in this namespace: ls /usr/include/PCSC -> [$(ls /usr/include/PCSC)]; libpcsclite.so.1.0.0 is $(stat -Lc %s /usr/lib/*-linux-gnu/libpcsclite.so.1) bytes"
echo "== compiling against winscard.h here: $(echo '#include <winscard.h>' | g++ -I/usr/include/PCSC -x c++ -fsyntax-only - 2>&1 | head -1)"
cd "$WORK/sportello"
echo "== npm ci"
( time npm ci --no-fund --no-audit ) 2>&1 | grep -Ev '^npm warn (EBADENGINE|Unknown user config)|^npm warn EBADENGINE' | tail -25
echo "== smartcard after npm ci: $(ls node_modules/smartcard/build/Release/*.node 2>/dev/null || echo 'not built (optional dependency skipped)')"
echo "== npm start -- --data $WORK/data"
npm start -- --data "$WORK/data" --demo --demo-residents 30 > "$WORK/start.out" 2>&1 &
START=$!
for i in $(seq 1 600); do grep -q SPORTELLO_URL= "$WORK/start.out" && break; sleep 0.5; done
cat "$WORK/start.out"
URL=$(grep -o 'SPORTELLO_URL=[^ ]*' "$WORK/start.out" | head -1 | cut -d= -f2-)
[ -n "$URL" ] || { echo "FAILED: no SPORTELLO_URL"; kill $START; exit 1; }
BASE=${URL%%/#*}; TOKEN=${URL##*token=}
call() { curl -s -X POST -H "Authorization: Bearer $TOKEN" -H "Origin: $BASE" -H 'Content-Type: application/json' -d "${2:-{\}}" "$BASE/api/call/$1"; echo; }
echo "== GET / -> HTTP $(curl -s -o /dev/null -w '%{http_code}' "$BASE/")"
echo "== session.setup (first start: the responsabile) -> $(call session.setup '{"username":"prova","displayName":"Prova Responsabile","password":"segreta123"}' | cut -c1-160)…"
echo "== anagrafe.search -> $(call anagrafe.search '{"query":"a"}' | cut -c1-120)…"
echo "== card.status -> $(call card.status)"
echo "== card.read -> $(call card.read '{"can":"123456"}')"
grep -h card.pcsc "$WORK/data/logs/sportello.log" || true
kill -TERM $START; wait $START || true
echo "== stopped"
INSIDE

unshare -m bash "$WORK/inside.sh" "$WORK"
echo "== outside the namespace /usr/include/PCSC still has: $(ls /usr/include/PCSC | tr '\n' ' ')"
echo "(work folder kept for inspection: $WORK)"

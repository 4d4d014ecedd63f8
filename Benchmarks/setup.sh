# Sourced by every benchmark: stop on errors, run from the package root, bring the release binary up to date,
# and give the run a scratch directory ($work) removed at exit, stopping a server started as $server.
set -euo pipefail
cd "$(dirname "$0")/.."
kindred=.build/release/kindred
swift build -c release --product kindred >/dev/null   # incremental: quick when up to date, never a stale binary
work=$(mktemp -d)
trap '[ -n "${server:-}" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

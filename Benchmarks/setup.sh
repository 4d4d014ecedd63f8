# Sourced by every benchmark: stop on errors, run from the package root, build the release binary when missing,
# and give the run a scratch directory ($work) removed at exit, stopping a server started as $server.
set -euo pipefail
cd "$(dirname "$0")/.."
kindred=.build/release/kindred
[ -x "$kindred" ] || swift build -c release --product kindred
work=$(mktemp -d)
trap 'kill ${server:-0} 2>/dev/null || true; rm -rf "$work"' EXIT

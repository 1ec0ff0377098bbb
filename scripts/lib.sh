# shellcheck shell=bash
# Shared helpers for the scripts in this folder. Source it; do not run it.
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# After sourcing: ROOT is the repository root, the current directory is ROOT,
# and $ROOT/tools/bin is first on PATH.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
export ROOT
cd "$ROOT"

TOOLS_BIN="$ROOT/tools/bin"
export TOOLS_BIN
case ":$PATH:" in
*":$TOOLS_BIN:"*) ;;
*) export PATH="$TOOLS_BIN:$PATH" ;;
esac

# Never let a script download another Go toolchain behind our back.
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

log() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() {
	printf 'ERROR: %s\n' "$*" >&2
	exit 1
}

# The tool modules: plein.dev/tools (code generators, staticcheck, nats-server,
# grpcurl) and plein.dev/tools/buf (buf alone, because it needs a pre-release
# google.golang.org/protobuf that would otherwise change protoc-gen-go).
# Neither is in go.work, so every go command on them runs with GOWORK=off.
TOOL_MODULES=(tools tools/buf)

# The binaries `go install tool` puts into tools/bin.
TOOL_BINARIES=(
	buf
	protoc-gen-go
	protoc-gen-go-grpc
	protoc-gen-grpc-gateway
	protoc-gen-openapiv2
	staticcheck
	nats-server
	grpcurl
)

# tools_stamp prints a hash of everything that decides the tool binaries:
# the tool modules' go.mod and go.sum and the Go version.
tools_stamp() {
	{
		go env GOVERSION GOOS GOARCH
		local m
		for m in "${TOOL_MODULES[@]}"; do
			cat "$ROOT/$m/go.mod" "$ROOT/$m/go.sum"
		done
	} | sha256sum | cut -d' ' -f1
}

# ensure_tools installs the pinned tools into tools/bin unless they are all
# there already and were built from the current go.mod/go.sum files.
ensure_tools() {
	local stamp_file="$TOOLS_BIN/.stamp" want have="" b missing=""
	want="$(tools_stamp)"
	[[ -f "$stamp_file" ]] && have="$(cat "$stamp_file")"
	for b in "${TOOL_BINARIES[@]}"; do
		[[ -x "$TOOLS_BIN/$b" ]] || missing+=" $b"
	done
	if [[ "$want" == "$have" && -z "$missing" ]]; then
		return 0
	fi
	if [[ -n "$missing" ]]; then
		log "installing tools into tools/bin (missing:$missing; buf takes ~2 min to build the first time)"
	else
		log "reinstalling tools into tools/bin (tools/go.mod or go.sum changed)"
	fi
	mkdir -p "$TOOLS_BIN"
	local m
	for m in "${TOOL_MODULES[@]}"; do
		(cd "$ROOT/$m" && GOWORK=off GOBIN="$TOOLS_BIN" go install tool) ||
			die "go install tool failed in $m"
	done
	for b in "${TOOL_BINARIES[@]}"; do
		[[ -x "$TOOLS_BIN/$b" ]] || die "tools/bin/$b was not installed"
	done
	printf '%s\n' "$want" >"$stamp_file"
}

# The browser tests (deploy/plein/browser_test.go) drive Debian's chromium
# with chromedp and check every attendee page with axe-core, the npm package,
# pinned here and installed into the git-ignored tools/node_modules.
AXE_CORE_VERSION=4.14.1
AXE_JS="$ROOT/tools/node_modules/axe-core/axe.min.js"

# ensure_browser installs chromium (apt) and axe-core (npm) when they are
# missing, and exports PLEIN_CHROMIUM and PLEIN_AXE_JS for the browser tests.
# It fails when either cannot be had; the tests then skip, saying why.
ensure_browser() {
	local chromium have=""
	chromium="$(command -v chromium || true)"
	if [[ -z "$chromium" ]]; then
		if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null; then
			warn "chromium is missing and cannot be installed here (needs root and apt-get)"
			return 1
		fi
		log "installing Debian's chromium for the browser tests (~15 s)"
		if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } >&2; then
			warn "apt-get install chromium failed"
			return 1
		fi
		chromium="$(command -v chromium)" || return 1
	fi
	if [[ -f "$ROOT/tools/node_modules/axe-core/package.json" ]]; then
		have="$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$ROOT/tools/node_modules/axe-core/package.json" | head -n 1)"
	fi
	if [[ "$have" != "$AXE_CORE_VERSION" || ! -f "$AXE_JS" ]]; then
		if ! command -v npm >/dev/null; then
			warn "npm is missing: cannot install axe-core $AXE_CORE_VERSION"
			return 1
		fi
		log "installing axe-core $AXE_CORE_VERSION into tools/node_modules"
		if ! npm install --prefix "$ROOT/tools" --no-save --no-package-lock --no-audit --no-fund --silent \
			"axe-core@$AXE_CORE_VERSION" >&2; then
			warn "npm install axe-core@$AXE_CORE_VERSION failed"
			return 1
		fi
	fi
	export PLEIN_CHROMIUM="$chromium" PLEIN_AXE_JS="$AXE_JS"
}

# workspace_modules prints the directory of every module in go.work, one a line.
workspace_modules() {
	(cd "$ROOT" && go list -m -f '{{.Dir}}')
}

# has_go_files DIR: true when DIR holds at least one .go file outside
# testdata, vendor and hidden folders.
has_go_files() {
	[[ -n "$(find "$1" \( -name testdata -o -name vendor -o -name '.*' -a ! -name . \) -prune -o -name '*.go' -type f -print -quit)" ]]
}

# rel PATH: PATH relative to ROOT (for messages).
rel() {
	local p="${1#"$ROOT"}"
	p="${p#/}"
	printf '%s\n' "${p:-.}"
}

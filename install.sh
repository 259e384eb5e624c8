#!/bin/sh
# Installs Maestro: picks the release binary for this machine, downloads it and its SHA-256
# checksum, refuses a mismatch, and puts it in a directory of yours (never needs root).
#
#   curl -fsSL https://github.com/OWNER/REPO/releases/latest/download/install.sh | sh
#   sh install.sh [--dir DIR] [--version vX.Y.Z]
#
# Environment: MAESTRO_INSTALL_DIR (default ~/.local/bin), MAESTRO_VERSION (a release tag,
# default the latest), MAESTRO_RELEASE_URL (the folder holding the release's files, instead of
# the repository's GitHub release). POSIX sh: no bashisms.
set -eu

# The GitHub repository whose releases this installs: the release workflow writes it into the
# copy it publishes. A copy without it needs MAESTRO_RELEASE_URL.
REPOSITORY=""

say() { printf '%s\n' "$*"; }
fail() {
  printf 'install.sh: %s\n' "$*" >&2
  exit 1
}

usage() {
  say "Usage: install.sh [--dir DIR] [--version TAG]"
  say "  --dir DIR      where to put maestro (MAESTRO_INSTALL_DIR; default ~/.local/bin)"
  say "  --version TAG  a release tag such as v0.1.0 (MAESTRO_VERSION; default the latest)"
}

dir="${MAESTRO_INSTALL_DIR:-}"
version="${MAESTRO_VERSION:-latest}"
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) [ $# -ge 2 ] || fail "--dir needs a directory"; dir="$2"; shift 2 ;;
    --dir=*) dir="${1#--dir=}"; shift ;;
    --version) [ $# -ge 2 ] || fail "--version needs a tag"; version="$2"; shift 2 ;;
    --version=*) version="${1#--version=}"; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; fail "Unknown option \"$1\"" ;;
  esac
done
if [ -z "$dir" ]; then
  [ -n "${HOME:-}" ] || fail "Cannot choose a directory: HOME is not set; pass --dir DIR"
  dir="$HOME/.local/bin"
fi

# Which of the four release binaries runs here.
kernel="$(uname -s)"
machine="$(uname -m)"
case "$kernel" in
  Linux) os="unknown-linux-gnu" ;;
  Darwin) os="apple-darwin" ;;
  *) os="" ;;
esac
case "$machine" in
  x86_64 | amd64) arch="x86_64" ;;
  aarch64 | arm64) arch="aarch64" ;;
  *) arch="" ;;
esac
if [ -z "$os" ] || [ -z "$arch" ]; then
  fail "Cannot install Maestro on $kernel $machine: releases are built for Linux and macOS on" \
    "x86_64 and arm64 only; build it from source instead (see the README)"
fi
# A shell under Rosetta says x86_64 on an Apple silicon Mac: take the native binary.
if [ "$os" = "apple-darwin" ] && [ "$arch" = "x86_64" ] &&
  [ "$(sysctl -n sysctl.proc_translated 2>/dev/null || true)" = "1" ]; then
  arch="aarch64"
fi
target="$arch-$os"
name="maestro-$target"

if [ -n "${MAESTRO_RELEASE_URL:-}" ]; then
  base="${MAESTRO_RELEASE_URL%/}"
elif [ -z "$REPOSITORY" ]; then
  fail "Cannot tell where Maestro's releases are: this install.sh is not one published with a" \
    "release; take the one on the releases page, or set MAESTRO_RELEASE_URL"
elif [ "$version" = "latest" ]; then
  base="https://github.com/$REPOSITORY/releases/latest/download"
else
  base="https://github.com/$REPOSITORY/releases/download/$version"
fi

if command -v curl >/dev/null 2>&1; then
  download() { curl -fsSL -o "$2" "$1"; }
elif command -v wget >/dev/null 2>&1; then
  download() { wget -q -O "$2" "$1"; }
else
  fail "Cannot download Maestro: neither curl nor wget is installed"
fi
if command -v sha256sum >/dev/null 2>&1; then
  sha256() { sha256sum "$1" | cut -d ' ' -f 1; }
elif command -v shasum >/dev/null 2>&1; then
  sha256() { shasum -a 256 "$1" | cut -d ' ' -f 1; }
else
  fail "Cannot check the download: neither sha256sum nor shasum is installed"
fi

tmp="$(mktemp -d 2>/dev/null || mktemp -d -t maestro)"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

say "Downloading $name from $base"
download "$base/$name" "$tmp/maestro" || fail "Cannot download $base/$name"
download "$base/$name.sha256" "$tmp/maestro.sha256" ||
  fail "Cannot download $base/$name.sha256: refusing to install a binary that cannot be checked"

expected="$(cut -d ' ' -f 1 <"$tmp/maestro.sha256" | tr 'A-F' 'a-f')"
case "$expected" in
  *[!0-9a-f]* | "") fail "Cannot read $name.sha256: it holds no SHA-256 checksum" ;;
esac
[ "${#expected}" -eq 64 ] || fail "Cannot read $name.sha256: it holds no SHA-256 checksum"
actual="$(sha256 "$tmp/maestro")"
if [ "$actual" != "$expected" ]; then
  fail "Refusing to install $name: its SHA-256 is $actual but the release says $expected" \
    "(a damaged or tampered download); nothing was installed"
fi

chmod 755 "$tmp/maestro"
printed="$("$tmp/maestro" --version 2>&1)" ||
  fail "Cannot run the downloaded $name on this machine: $printed; nothing was installed"

if ! mkdir -p "$dir" 2>/dev/null || [ ! -w "$dir" ]; then
  fail "Cannot install into $dir: it is not a directory you can write; choose another with" \
    "--dir DIR or MAESTRO_INSTALL_DIR"
fi
# Copy beside the target, then rename over it: a running maestro keeps its file.
cp "$tmp/maestro" "$dir/.maestro.$$"
mv -f "$dir/.maestro.$$" "$dir/maestro"

say "Installed $printed to $dir/maestro"
case ":${PATH:-}:" in
  *":$dir:"*) run="maestro" ;;
  *)
    run="$dir/maestro"
    say "$dir is not on your PATH: add it (export PATH=\"$dir:\$PATH\" in your shell's profile)," \
      "or run $run"
    ;;
esac
command -v tmux >/dev/null 2>&1 ||
  say "Maestro drives tmux: install tmux 3.2 or newer before you start it"
say ""
say "Next, start the dashboard and open the URL it prints (it carries the token):"
say "  $run"
say "On each other machine, install it the same way and run this, to see its agents here too:"
say "  $run worker"

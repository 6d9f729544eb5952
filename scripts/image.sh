#!/usr/bin/env bash
# Builds tnhub's OCI image (Containerfile, FROM scratch) with podman, or
# buildah when podman is missing; installs podman from Debian when neither
# is there (scripts/apt.sh).
#
#   scripts/image.sh                          release build, tagged localhost/tnhub:latest
#   scripts/image.sh --tag NAME               another tag
#   scripts/image.sh --binary PATH            an already built binary instead of the release
#                                             build (the tests pass the one cargo built for them)
#   scripts/image.sh --context-only DIR       stage the build context in DIR and stop
#
# The context is staged in a temporary directory: the binary as
# /usr/local/bin/tnhub, every shared library `ldd` says it loads (at the
# same paths, so the dynamic loader finds them), the host's CA bundle,
# /etc/passwd and /etc/group with the user tnhub (10001), and empty /data
# and /tmp directories owned by it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

tag=localhost/tnhub:latest
binary=
context_only=
while [ $# -gt 0 ]; do
  case "$1" in
    --tag) tag=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    --context-only) context_only=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "image.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

if [ -z "$binary" ]; then
  echo "image.sh: building the release binary (cargo build --release -p tnhub) …" >&2
  cargo build --release --locked -p tnhub
  binary=target/release/tnhub
fi
[ -x "$binary" ] || { echo "image.sh: no executable binary at '$binary'" >&2; exit 1; }

ca=/etc/ssl/certs/ca-certificates.crt
if [ ! -s "$ca" ]; then
  # shellcheck source=scripts/apt.sh
  source scripts/apt.sh
  apt_install ca-certificates || { echo "image.sh: $ca is missing: install the ca-certificates package" >&2; exit 1; }
fi

if [ -n "$context_only" ]; then
  ctx=$context_only
  mkdir -p "$ctx"
else
  ctx=$(mktemp -d)
  trap 'rm -rf "$ctx"' EXIT
fi
root=$ctx/rootfs
rm -rf "$root"
mkdir -p "$root/usr/local/bin" "$root/etc/ssl/certs" "$root/data" "$root/tmp"
cp "$binary" "$root/usr/local/bin/tnhub"
# Every library the loader maps, and the loader itself, at their own paths.
ldd "$binary" | grep -o '/[^ ]*' | sort -u | while read -r lib; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
cp -L "$ca" "$root/etc/ssl/certs/ca-certificates.crt"
printf 'root:x:0:0:root:/:/nonexistent\ntnhub:x:10001:10001:tnhub:/data:/nonexistent\n' >"$root/etc/passwd"
printf 'root:x:0:\ntnhub:x:10001:\n' >"$root/etc/group"
chmod 1777 "$root/tmp"
chown -R 10001:10001 "$root/data" 2>/dev/null || chmod 0777 "$root/data"
cp Containerfile "$ctx/Containerfile"
if [ -n "$context_only" ]; then
  echo "image.sh: context staged in $ctx" >&2
  exit 0
fi

if ! command -v podman >/dev/null 2>&1 && ! command -v buildah >/dev/null 2>&1; then
  # shellcheck source=scripts/apt.sh
  source scripts/apt.sh
  apt_install podman || { echo "image.sh: install podman (or buildah) to build the image" >&2; exit 1; }
fi
if command -v podman >/dev/null 2>&1; then
  podman build --format docker -f "$ctx/Containerfile" -t "$tag" "$ctx" >&2
else
  buildah bud --format docker -f "$ctx/Containerfile" -t "$tag" "$ctx" >&2
fi
echo "$tag"

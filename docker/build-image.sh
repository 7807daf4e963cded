#!/usr/bin/env bash
# Build the Nix evaluation image (idempotent).
#
#   docker/build-image.sh [--nix VERSION] [--force]
#
# --nix picks the Nix (Debian's nix-bin) by version, each its own image, so several can live side by side:
#   2.26 (default)  Debian trixie's nix-bin 2.26.3  → clan-conformance-nix:latest
#   2.34            Debian forky's nix-bin 2.34.8   → clan-conformance-nix:2.34
# (the harness picks one with --nix VERSION|IMAGE or $CLAN_CONFORMANCE_IMAGE).
#
# 1. If `debian:trixie-slim` is not present and cannot be pulled (no registry here), make it
#    from a debootstrap tree: `debootstrap --variant=minbase trixie` + `docker import`.
# 2. Build the image from docker/Dockerfile with the legacy builder
#    (BuildKit with the preinstalled client fails on this engine) and host networking
#    (the only network that reaches the Debian mirror; bridge networks are not allowed here).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
nix=2.26 force=0
while [ $# -gt 0 ]; do
  case $1 in
    --force) force=1 ;;
    --nix) nix=${2:?--nix needs a version: 2.26 or 2.34}; shift ;;
    *) echo "build-image: unknown argument '$1' (usage: docker/build-image.sh [--nix 2.26|2.34] [--force])" >&2; exit 2 ;;
  esac
  shift
done
# One line per Nix this script can build: version, Debian suite serving it, image. The default's
# image name is the one the harness uses without --nix.
case $nix in
  2.26) suite=trixie image=${CLAN_CONFORMANCE_IMAGE:-clan-conformance-nix:latest} ;;
  2.34) suite=forky image=clan-conformance-nix:2.34 ;;
  *) echo "build-image: no Debian suite known for Nix $nix; known: 2.26 (trixie), 2.34 (forky)" >&2; exit 2 ;;
esac
base=${BASE_IMAGE:-debian:trixie-slim}
export DOCKER_API_VERSION=${DOCKER_API_VERSION:-1.41} DOCKER_BUILDKIT=0

docker info >/dev/null 2>&1 || { echo "build-image: the Docker engine does not answer; start it (see README: dockerd --bridge=none --iptables=false --ip6tables=false &)" >&2; exit 2; }

# Rebuild when docker/Dockerfile or the suite changed since the image was built (their hash is a label).
recipe=$({ cat "$here/Dockerfile"; [ "$suite" = trixie ] || echo "NIX_SUITE=$suite"; } | sha256sum | cut -c1-16)
if [ $force -eq 0 ] && [ "$(docker image inspect -f '{{ index .Config.Labels "org.clan-conformance.recipe" }}' "$image" 2>/dev/null)" = "$recipe" ]; then
  echo "build-image: $image present (recipe $recipe)"; exit 0
fi

if ! docker image inspect "$base" >/dev/null 2>&1; then
  if ! timeout 60 docker pull "$base" >/dev/null 2>&1; then
    command -v debootstrap >/dev/null || { echo "build-image: $base cannot be pulled and debootstrap is missing: apt-get install -y debootstrap" >&2; exit 2; }
    # The mirror this machine's apt uses (deb822 `URIs:` or one-line `deb` entries), not comments.
    mirror=${DEBIAN_MIRROR:-$( { grep -hE '^[[:space:]]*URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}'
      grep -hE '^[[:space:]]*deb[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '{print $2}'; } \
      | grep -E '/debian/?$' | head -n1 || true)}
    mirror=${mirror:-http://deb.debian.org/debian}
    tree=$(mktemp -d /tmp/trixie-root.XXXXXX)
    trap 'rm -rf "$tree"' EXIT
    echo "build-image: debootstrap trixie from $mirror (a few minutes, once)"
    debootstrap --variant=minbase trixie "$tree" "$mirror" >/tmp/clan-conformance-debootstrap.log 2>&1 \
      || { echo "build-image: debootstrap failed, see /tmp/clan-conformance-debootstrap.log" >&2; exit 2; }
    rm -rf "$tree"/var/cache/apt/archives/*.deb "$tree"/var/lib/apt/lists/*
    tar -C "$tree" -c . | docker import - "$base" >/dev/null
    echo "build-image: imported $base"
  fi
fi

docker build --network host --build-arg BASE_IMAGE="$base" --build-arg NIX_SUITE="$suite" --label "org.clan-conformance.recipe=$recipe" -t "$image" "$here"
# The suite serves the version asked for (a suite moves on: say so rather than tag a wrong Nix).
built=$(docker run --rm --network none "$image" nix --version)
case $built in
  *" $nix".*) echo "build-image: $image: $built" ;;
  *) echo "build-image: $image has '$built', not Nix $nix: Debian's $suite moved on; update the table in docker/build-image.sh" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Build the Nix evaluation image (idempotent).
#
#   docker/build-image.sh [--force]
#
# 1. If `debian:trixie-slim` is not present and cannot be pulled (no registry here), make it
#    from a debootstrap tree: `debootstrap --variant=minbase trixie` + `docker import`.
# 2. Build `clan-conformance-nix:latest` from docker/Dockerfile with the legacy builder
#    (BuildKit with the preinstalled client fails on this engine) and host networking
#    (the only network that reaches the Debian mirror; bridge networks are not allowed here).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
image=${CLAN_CONFORMANCE_IMAGE:-clan-conformance-nix:latest}
base=${BASE_IMAGE:-debian:trixie-slim}
force=0; [ "${1:-}" = "--force" ] && force=1
export DOCKER_API_VERSION=${DOCKER_API_VERSION:-1.41} DOCKER_BUILDKIT=0

docker info >/dev/null 2>&1 || { echo "build-image: the Docker engine does not answer; start it (see README: dockerd --bridge=none --iptables=false --ip6tables=false &)" >&2; exit 2; }

# Rebuild when docker/Dockerfile changed since the image was built (its hash is a label).
recipe=$(sha256sum "$here/Dockerfile" | cut -c1-16)
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

docker build --network host --build-arg BASE_IMAGE="$base" --label "org.clan-conformance.recipe=$recipe" -t "$image" "$here"

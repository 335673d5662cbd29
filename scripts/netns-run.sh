#!/usr/bin/env bash
# Runs a command in a private network namespace where 127.0.0.1 is usable for WebRTC media:
# Janus never gathers ICE candidates on loopback interfaces, so 127.0.0.1/32 also goes on one
# end of a veth pair (shared/design/voice-notes.md). Nothing inside can reach other hosts,
# and nothing outside sees its ports. Needs root (or a user namespace with CAP_NET_ADMIN).
#
#   scripts/netns-run.sh <command> [args…]
set -euo pipefail
if [[ $# -eq 0 ]]; then
  echo "usage: $0 <command> [args…]" >&2
  exit 2
fi
if [[ ${TSUNAGU_IN_NETNS:-} == 1 ]]; then
  ip link set lo up
  ip link add tsunagu0 type veth peer name tsunagu1
  ip addr add 127.0.0.1/32 dev tsunagu0
  ip link set tsunagu0 up
  ip link set tsunagu1 up
  exec "$@"
fi
export TSUNAGU_IN_NETNS=1
exec unshare --net --fork "$0" "$@"

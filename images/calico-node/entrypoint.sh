#!/bin/sh
# BIRD 1.6 as calico/node starts it (`bird -R -s <socket> -d -c bird.cfg`, and bird6 likewise when the
# lab is dual-stack), under tini so both daemons get the signals `docker stop` and `docker kill` send.
# Configs and control sockets live in /run/rrlab, a folder the lab bind-mounts from the host.
set -e
dir=/run/rrlab
# The lab network, when the lab wires its own: wait for the interface it hands over, address it.
[ ! -f "$dir/network.sh" ] || . "$dir/network.sh"
# Per-interface sysctls (proxy ARP on workload veths) need a writable /proc/sys.
mount -o remount,rw /proc/sys 2>/dev/null || true
# Workloads the lab declared before the node started (replayed after a restart).
if [ -f "$dir/workloads.sh" ]; then sh "$dir/workloads.sh"; fi
bird -p -c "$dir/bird.cfg"
bird -R -f -s "$dir/bird.ctl" -P "$dir/bird.pid" -c "$dir/bird.cfg" &
if [ "${RRLAB_IPV6:-0}" = 1 ]; then
  bird6 -p -c "$dir/bird6.cfg"
  bird6 -R -f -s "$dir/bird6.ctl" -P "$dir/bird6.pid" -c "$dir/bird6.cfg" &
fi
wait

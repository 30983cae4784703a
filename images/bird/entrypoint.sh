#!/bin/sh
# BIRD 2 in the foreground as PID 1, so `docker stop` (SIGTERM) is BIRD's own graceful shutdown and
# `docker kill` makes it vanish. The config and the control socket live in /run/rrlab, a folder the
# lab bind-mounts from the host: rrlab talks to BIRD over that socket, never through `docker exec`.
set -e
conf=/run/rrlab/bird.conf
# The lab network, when the lab wires its own: wait for the interface it hands over, address it.
[ ! -f /run/rrlab/network.sh ] || . /run/rrlab/network.sh
# Parse first so that a rejected config ends the container with BIRD's own message and line.
bird -p -c "$conf"
exec bird -f -c "$conf" -s /run/rrlab/bird.ctl -P /run/rrlab/bird.pid

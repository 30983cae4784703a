#!/bin/sh
# The reflector in the foreground as PID 1, so `docker stop` (SIGTERM) is its own graceful shutdown
# (Cease 6/2 to every peer) and `docker kill` makes it vanish without a NOTIFICATION. Its intent and
# API socket live in /run/rrlab, the folder the lab bind-mounts from the host.
set -e
cd /run/rrlab
exec node /run/rrlab/app/src/reflector/daemon/main.js \
  --intent /run/rrlab/intent.json --api /run/rrlab/api.sock ${RRLAB_REFLECTOR_ARGS:-}

#!/bin/sh
# The reflector in the foreground as PID 1, so `docker stop` (SIGTERM) is its own graceful shutdown
# (Cease 6/2 to every peer), `docker kill` makes it vanish without a NOTIFICATION, and SIGUSR2 is a
# graceful restart (RFC 4724: it exits without NOTIFICATION and leaves /run/rrlab/restart-state.json
# for the next start). Its intent and API socket live in /run/rrlab, the folder the lab bind-mounts.
set -e
cd /run/rrlab
# The lab network, when the lab wires its own: wait for the interface it hands over, address it.
[ ! -f network.sh ] || . ./network.sh
# V8 flags: a small young generation and a 20 % old-generation growth step halve the peak memory of
# a large fan-out (src/reflector/daemon/heap-tuning.ts, REFLECTOR_V8_FLAGS: keep the two in step).
exec node --max-semi-space-size=4 --heap-growing-percent=20 /run/rrlab/app/src/reflector/daemon/main.js \
  --intent /run/rrlab/intent.json --api /run/rrlab/api.sock ${RRLAB_REFLECTOR_ARGS:-}

#!/bin/sh
# gobgpd in the foreground, so `docker stop` (SIGTERM) is its own shutdown: it stops BGP, sending a
# Cease to every peer. The config is /run/rrlab/gobgpd.toml, written by the lab; the gRPC API listens
# on port 50051, where the gobgp client in this container reaches it (the lab batches its queries into one
# `docker exec` each: a gRPC client would need protobuf and HTTP/2 framing rrlab does not carry).
set -e
# The lab network, when the lab wires its own: wait for the interface it hands over, address it.
[ ! -f /run/rrlab/network.sh ] || . /run/rrlab/network.sh
exec gobgpd -f /run/rrlab/gobgpd.toml -t toml --log-plain --pprof-disable --api-hosts "${GOBGP_API_HOSTS:-:50051}"

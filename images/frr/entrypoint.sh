#!/bin/sh
# zebra in the background, bgpd in the foreground; tini (-g) hands `docker stop`'s SIGTERM to both, so
# bgpd shuts down as it does on its own (a Cease to every peer) and zebra withdraws what it installed.
# Each reads its own file from /run/rrlab (zebra.conf, bgpd.conf) and puts its vty socket there.
set -e
run=/run/rrlab
# The lab network, when the lab wires its own: wait for the interface it hands over, address it.
[ ! -f "$run/network.sh" ] || . "$run/network.sh"
mkdir -p /var/run/frr /var/log/frr
# Check first, so that a config bgpd cannot load ends the container with bgpd's own message.
/usr/lib/frr/bgpd --dryrun -f "$run/bgpd.conf" -u root -g root --log stdout
/usr/lib/frr/zebra -d -f "$run/zebra.conf" -u root -g root --log stdout \
  --vty_socket "$run" -z "$run/zserv.api" -i "$run/zebra.pid"
for _ in $(seq 1 50); do [ -S "$run/zserv.api" ] && break; sleep 0.1; done
exec /usr/lib/frr/bgpd -f "$run/bgpd.conf" -u root -g root --log stdout \
  --vty_socket "$run" -z "$run/zserv.api" -i "$run/bgpd.pid"

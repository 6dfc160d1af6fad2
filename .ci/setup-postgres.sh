#!/usr/bin/env bash
# CI: make a PostgreSQL server available on 127.0.0.1:5432 for the store's tests (idempotent).
# Uses the server already running if there is one; starts an installed cluster that is stopped;
# installs Debian's postgresql with apt-get when no server binary exists. The tests connect as
# the `postgres` role without a password (trust on 127.0.0.1) and create their own databases.
set -euo pipefail

PGHOST=127.0.0.1
PGPORT=5432

ready() { pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; }
sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if command -v pg_isready >/dev/null && ready; then
    echo "postgresql: already running on $PGHOST:$PGPORT"
    exit 0
fi

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    echo "postgresql: no server installed, installing Debian's postgresql"
    sudo_ apt-get update -q
    sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
fi

version=$( (ls /etc/postgresql 2>/dev/null || true) | sort -V | tail -n 1)
if [ -z "$version" ] || ! pg_lsclusters -h | grep -q "^$version main"; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    sudo_ pg_createcluster "$version" main
fi
conf="/etc/postgresql/$version/main"
# trust local TCP connections from this machine only (the tests use no password)
if ! grep -q "newsdesk-ci" "$conf/pg_hba.conf"; then
    sudo_ sed -i '1i host all all 127.0.0.1/32 trust # newsdesk-ci\nhost all all ::1/128 trust # newsdesk-ci' "$conf/pg_hba.conf"
fi
sudo_ pg_ctlcluster --skip-systemctl-redirect "$version" main start || true

for _ in $(seq 1 30); do
    ready && break
    sleep 1
done
ready || { echo "postgresql: server did not come up on $PGHOST:$PGPORT" >&2; exit 1; }
echo "postgresql $version: running on $PGHOST:$PGPORT"

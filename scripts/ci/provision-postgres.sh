#!/usr/bin/env bash
# Makes a PostgreSQL server reachable on 127.0.0.1:<port> with a `test` database for the
# integration suite, on a machine that may have nothing but Debian's packages:
#   1. a server already answers on the port → use it;
#   2. otherwise install Debian's `postgresql` package if the server binaries are missing
#      (root only), create a cluster on the port if none is configured for it, start it, and wait;
#   3. connect as `postgres` without a password (trust, as on dev machines); if the server wants
#      a password (Debian's default pg_hba), create a login role `gatehouse_ci` with a fresh
#      random password through the local peer socket instead;
#   4. create the database if it is missing and check that it answers a query.
# The connection string goes to stdout as the only line `TEST_DATABASE_URL=…`; progress and
# errors go to stderr. Any failure exits non-zero with the reason.
#
#   scripts/ci/provision-postgres.sh [--port 5432] [--cluster main] [--database test] [--wait 60]
#
# The port is a parameter so this can be proved on a second, throw-away cluster (see
# CONTRIBUTING.md, "CI") without touching the server other work uses.
set -euo pipefail

port=5432
cluster=""
database=test
wait_s=60
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --cluster) cluster="$2"; shift 2 ;;
    --database) database="$2"; shift 2 ;;
    --wait) wait_s="$2"; shift 2 ;;
    *) echo "provision-postgres: unknown argument $1" >&2; exit 2 ;;
  esac
done
case "$port" in (*[!0-9]*|"") echo "provision-postgres: --port must be a number" >&2; exit 2 ;; esac
case "$database" in (*[!a-z0-9_]*|"") echo "provision-postgres: --database must be [a-z0-9_]+" >&2; exit 2 ;; esac
# Debian's installation makes `main` on 5432; any other port gets its own cluster name.
[ -n "$cluster" ] || { [ "$port" = 5432 ] && cluster=main || cluster="ci$port"; }

log() { echo "provision-postgres: $*" >&2; }
die() { echo "provision-postgres: ERROR: $*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

reachable() { command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p "$port" -t 2; }

newest_version() {
  local v best=""
  for v in /usr/lib/postgresql/*/bin/postgres; do
    [ -x "$v" ] || continue
    v="${v#/usr/lib/postgresql/}"; v="${v%%/*}"
    if [ -z "$best" ] || [ "$v" -gt "$best" ]; then best="$v"; fi
  done
  echo "$best"
}

if reachable; then
  log "a server already answers on 127.0.0.1:$port"
else
  if [ -z "$(newest_version)" ] || ! command -v pg_ctlcluster >/dev/null 2>&1; then
    is_root || die "no PostgreSQL server on 127.0.0.1:$port and no server binaries; installing them needs root (apt-get install postgresql), or set TEST_DATABASE_URL"
    log "installing PostgreSQL from Debian's packages…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 || die "apt-get update failed"
    apt-get install -y -qq postgresql >&2 || die "apt-get install postgresql failed"
  fi
  ver="$(newest_version)"
  [ -n "$ver" ] || die "PostgreSQL server binaries still missing under /usr/lib/postgresql/*/bin after installing"
  command -v pg_lsclusters >/dev/null 2>&1 || die "pg_lsclusters (postgresql-common) missing"

  # A cluster already configured for this port (any version), else create one.
  read -r cver cname _ < <(pg_lsclusters -h | awk -v p="$port" '$3 == p { print $1, $2; exit }') || true
  if [ -z "${cname:-}" ]; then
    is_root || die "no cluster configured for port $port; creating one needs root (pg_createcluster)"
    if pg_lsclusters -h | awk -v v="$ver" -v c="$cluster" '$1 == v && $2 == c { f = 1 } END { exit !f }'; then
      die "cluster $ver/$cluster exists but is configured for another port; pass --cluster NAME"
    fi
    log "creating cluster $ver/$cluster on port $port"
    pg_createcluster "$ver" "$cluster" -p "$port" >&2 || die "pg_createcluster $ver $cluster -p $port failed"
    cver="$ver"; cname="$cluster"
  fi
  log "starting cluster $cver/$cname"
  # --skip-systemctl-redirect: containers and CI runners often have no systemd.
  if ! pg_ctlcluster --skip-systemctl-redirect "$cver" "$cname" start >&2; then
    # "already running" is fine if it answers below; anything else shows in the log.
    log "pg_ctlcluster start reported an error; waiting to see whether it answers anyway"
  fi
  for _ in $(seq 1 "$wait_s"); do reachable && break; sleep 1; done
  if ! reachable; then
    logfile="/var/log/postgresql/postgresql-$cver-$cname.log"
    [ -r "$logfile" ] && { echo "--- last lines of $logfile:" >&2; tail -n 20 "$logfile" >&2; }
    die "PostgreSQL cluster $cver/$cname did not accept connections on 127.0.0.1:$port within ${wait_s} s"
  fi
  log "cluster $cver/$cname is up on 127.0.0.1:$port"
fi

export PGCONNECT_TIMEOUT=5
can_query() { psql "$1" -XqtAc 'select 1' >/dev/null 2>&1; }

base="postgresql://postgres@127.0.0.1:$port"
if ! can_query "$base/postgres"; then
  # Debian's pg_hba asks TCP clients for a password; the local socket trusts the OS user
  # `postgres` (peer). Make a role for the tests through that socket.
  is_root || die "PostgreSQL on 127.0.0.1:$port refuses user postgres without a password, and only root can create a role through the peer socket; set TEST_DATABASE_URL"
  id -u postgres >/dev/null 2>&1 || die "no OS user postgres for peer authentication"
  # The socket directory is the cluster's setting (Debian: /var/run/postgresql, or /tmp when
  # that was not writable at creation); try it first, then the usual places.
  dirs=""
  if command -v pg_lsclusters >/dev/null 2>&1 && command -v pg_conftool >/dev/null 2>&1; then
    read -r v c _ < <(pg_lsclusters -h | awk -v p="$port" '$3 == p { print $1, $2; exit }') || true
    [ -n "${c:-}" ] && dirs="$(pg_conftool -s "$v" "$c" show unix_socket_directories 2>/dev/null | tr ',' ' ' | tr -d "'")"
  fi
  sock=""
  for d in $dirs /var/run/postgresql /tmp; do
    if runuser -u postgres -- psql -h "$d" -p "$port" -XqtAc 'select 1' >/dev/null 2>&1; then sock="$d"; break; fi
  done
  [ -n "$sock" ] || die "cannot reach the server on port $port through a local socket (${dirs:-} /var/run/postgresql /tmp) as OS user postgres"
  pass="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  log "user postgres needs a password over TCP: creating role gatehouse_ci (CREATEDB) with a new random password"
  runuser -u postgres -- psql -p "$port" -h "$sock" -X -v ON_ERROR_STOP=1 -q >&2 <<SQL || die "could not create role gatehouse_ci"
SELECT 'CREATE ROLE gatehouse_ci LOGIN CREATEDB' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'gatehouse_ci') \gexec
ALTER ROLE gatehouse_ci LOGIN CREATEDB PASSWORD '$pass';
SQL
  base="postgresql://gatehouse_ci:$pass@127.0.0.1:$port"
  can_query "$base/postgres" || die "role gatehouse_ci cannot log in over TCP on 127.0.0.1:$port (check pg_hba.conf)"
fi

if [ "$(psql "$base/postgres" -XqtAc "select 1 from pg_database where datname = '$database'")" != 1 ]; then
  log "creating database $database"
  psql "$base/postgres" -Xqc "CREATE DATABASE $database" >&2 || die "CREATE DATABASE $database failed"
fi
can_query "$base/$database" || die "database $database on 127.0.0.1:$port does not answer"
log "ready: database $database on 127.0.0.1:$port"
echo "TEST_DATABASE_URL=$base/$database"

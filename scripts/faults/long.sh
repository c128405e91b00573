#!/usr/bin/env bash
# Long fault-injection run (lib/faults/README.md): 8 PostgreSQL crash/restart cycles under load
# on a private cluster, and 12 SIGKILLs of a PGlite-backed API process. ~5 minutes on 2 cores.
# Usage: bash scripts/faults/long.sh [extra vitest args]
set -euo pipefail
cd "$(dirname "$0")/../.."
export FAULTS_LONG=1
# The PostgreSQL test gates on TEST_DATABASE_URL like every PostgreSQL test, but crashes only
# its own private cluster (never this server).
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
exec npx vitest run --project integration lib/faults/ "$@"

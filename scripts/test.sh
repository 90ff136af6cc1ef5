#!/usr/bin/env bash
# The test suite: starts a throwaway PostgreSQL server (the store, HTTP and crash tests run against both SQLite
# and PostgreSQL), runs `swift test` with any arguments given, then stops the server by its process id.
set -euo pipefail
cd "$(dirname "$0")/.."
folder=$(mktemp -d /tmp/hermine-test-postgres.XXXXXX)
trap 'scripts/postgres.sh stop "$folder"; rm -rf "$folder"' EXIT
HERMINE_TEST_POSTGRES_URL=$(scripts/postgres.sh start "$folder" fast)
export HERMINE_TEST_POSTGRES_URL
swift test "$@"

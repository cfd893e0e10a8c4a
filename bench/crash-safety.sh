#!/usr/bin/env bash
# The long crash-safety soak: the two CrashSafetyTests with many more `warehouse run` processes
# killed with SIGKILL at random moments than the suite's 8 per test.
#
#   bench/crash-safety.sh          # 40 kills per test (about 4-6 minutes on 2 cores)
#   KILLS=100 bench/crash-safety.sh
#
# Each test prints its kills per phase and what it checked (tests' output: the console logger at
# detailed verbosity). Exit 0 when every kill left the warehouse and the published output as one
# uninterrupted run leaves them.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export WAREHOUSE_TEST_CRASH_KILLS=${KILLS:-40}
exec dotnet test "$ROOT/tests/Warehouse.Tests" --filter "FullyQualifiedName~Warehouse.Tests.CrashSafetyTests" \
  --logger "console;verbosity=detailed"

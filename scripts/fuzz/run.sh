#!/usr/bin/env bash
# Long fuzz run of TypedMcp's parsers and of generator + analyzer end to end (docs/hardening.md, "Fuzzing").
# Same engine and properties as the test suite, with more cases:
#   TYPEDMCP_FUZZ_CASES      cases per Model target (JSON reader, catalog parser, policy parser); default 33400 (x3 = 100,200)
#   TYPEDMCP_FUZZ_E2E_CASES  cases through generator + analyzer; default 600
#   TYPEDMCP_FUZZ_SEED       seed; default: a new one from the clock (printed, so a failure can be replayed)
# Replay a failure: TYPEDMCP_FUZZ_SEED=<seed> scripts/fuzz/run.sh  (each failure also names its case and mutation).
set -euo pipefail
cd "$(dirname "$0")/../.."
export TYPEDMCP_FUZZ_CASES="${TYPEDMCP_FUZZ_CASES:-33400}"
export TYPEDMCP_FUZZ_E2E_CASES="${TYPEDMCP_FUZZ_E2E_CASES:-600}"
export TYPEDMCP_FUZZ_SEED="${TYPEDMCP_FUZZ_SEED:-$(date +%s)}"
log="$(mktemp -t typedmcp-fuzz.XXXXXX.log)"
echo "fuzz: seed=$TYPEDMCP_FUZZ_SEED cases/target=$TYPEDMCP_FUZZ_CASES e2e=$TYPEDMCP_FUZZ_E2E_CASES log=$log"
start=$(date +%s)
status=0
dotnet test tests/TypedMcp.Hardening.Tests --filter "FullyQualifiedName~Fuzzing.ModelFuzzTests|FullyQualifiedName~Fuzzing.EndToEndFuzzTests" \
  --logger "console;verbosity=detailed" >"$log" 2>&1 || status=$?
end=$(date +%s)
grep -E "^ FUZZ " "$log" | sort -u || true
total=$(grep -E "^ FUZZ " "$log" | sort -u | sed -E 's/.* cases=([0-9]+).*/\1/' | paste -sd+ | bc)
failures=$(grep -E "^ FUZZ " "$log" | sort -u | sed -E 's/.* failures=([0-9]+).*/\1/' | paste -sd+ | bc)
echo "fuzz: total cases=${total:-0} failures=${failures:-?} seconds=$((end - start)) seed=$TYPEDMCP_FUZZ_SEED exit=$status"
if [ "$status" -ne 0 ]; then grep -E "^\s*\[(json|catalog|policy|e2e) seed=" "$log" | sort -u | head -40; fi
exit "$status"

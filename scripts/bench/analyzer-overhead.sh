#!/usr/bin/env bash
# G3: build time of a generated consumer project with N call sites of allowed Odoo tools, with and without
# TypedMcp's policy analyzer. The two variants alternate (with, without, with, without, ...) so load changes on the
# machine hit both alike; medians are reported, plus one -p:ReportAnalyzer=true build for the per-analyzer times.
#
#   scripts/bench/analyzer-overhead.sh                 # 2,000 call sites, 5 repetitions per variant
#   CALLS=2000 REPS=7 scripts/bench/analyzer-overhead.sh
#
# What is compared (honestly):
#   with     the normal build: TypedMcp's generator, TypedMcp's PolicyAnalyzer and the SDK's default analyzers.
#   without  the same build with a global analyzer config that sets every PolicyAnalyzer diagnostic to none
#            (Roslyn then does not run that analyzer at all; the ReportAnalyzer build confirms it); the generator
#            and the SDK's analyzers still run. So the difference is the policy analyzer alone.
# Each timed build recompiles only the consumer (CallSites.cs is touched; project references are not rebuilt)
# and uses the shared compiler server, warmed by the first build. Two numbers per build: the wall time of
# `dotnet build` and the Csc task time from MSBuild's performance summary (the compiler's share).
# Needs: the .NET SDK (global.json / 10.0), python3 (for the medians). Installs nothing else.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CALLS="${CALLS:-2000}"
REPS="${REPS:-5}"
WORK="${WORK:-$(mktemp -d /tmp/typedmcp-g3.XXXXXX)}"
CONSUMER="$WORK/Consumer"
RESULTS="$WORK/results.tsv"
CONFIG=Release

command -v python3 >/dev/null || { echo "python3 is needed for the medians (apt-get install -y python3)" >&2; exit 1; }

echo "== G3 analyzer overhead: $CALLS call sites, $REPS repetitions per variant, work folder $WORK"
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load: $(cut -d' ' -f1-3 /proc/loadavg)"

# 1. The call sites and the policy that allows exactly the called tools, written from the real generated client.
dotnet build "$REPO/tests/TypedMcp.Benchmarks" -c Release -nologo -v:q >/dev/null
dotnet "$REPO/tests/TypedMcp.Benchmarks/bin/Release/net10.0/TypedMcp.Benchmarks.dll" make-consumer "$CONSUMER" "$CALLS"

# 2. The consumer project: references TypedMcp and its generator/analyzer the way a ProjectReference user does.
mkdir -p "$CONSUMER/catalog"
cp "$REPO/catalog/odoo-claude-mcp.json" "$CONSUMER/catalog/"
cat > "$CONSUMER/OdooClient.cs" <<'CS'
using TypedMcp;

namespace Consumer;

/// <summary>The consumer's client over the Odoo catalog.</summary>
[McpClient("odoo-claude-mcp")]
public partial class OdooClient;
CS
cat > "$CONSUMER/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <Import Project="$REPO/src/TypedMcp/buildTransitive/TypedMcp.props" />
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <LangVersion>latest</LangVersion>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <GenerateDocumentationFile>false</GenerateDocumentationFile>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$REPO/src/TypedMcp/TypedMcp.csproj" />
    <ProjectReference Include="$REPO/src/TypedMcp.Generators/TypedMcp.Generators.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
  </ItemGroup>
  <ItemGroup Condition="'\$(NoPolicyAnalyzer)' == 'true'">
    <GlobalAnalyzerConfigFiles Include="no-policy-analyzer.globalconfig" />
  </ItemGroup>
  <Import Project="$REPO/src/TypedMcp/buildTransitive/TypedMcp.targets" />
</Project>
XML

# 3. First build: restore, project references, compiler server warm-up. Both variants once, untimed.
dotnet build "$CONSUMER" -c $CONFIG -nologo -v:q
dotnet build "$CONSUMER" -c $CONFIG -nologo -v:q --no-restore -p:BuildProjectReferences=false -p:NoPolicyAnalyzer=true

build() { # $1 = variant, $2 = repetition
  local extra=() log="$WORK/build-$1-$2.log"
  [[ "$1" == without ]] && extra=(-p:NoPolicyAnalyzer=true)
  touch "$CONSUMER/CallSites.cs"
  local start end
  start=$(date +%s%N)
  dotnet build "$CONSUMER" -c $CONFIG -nologo --no-restore -p:BuildProjectReferences=false "${extra[@]}" -clp:PerformanceSummary -v:m > "$log"
  end=$(date +%s%N)
  local csc
  csc=$(awk '/Task Performance Summary/{t=1} t && $3=="Csc"{print $1; exit}' "$log")
  printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$(( (end - start) / 1000000 ))" "${csc:-NA}" >> "$RESULTS"
  printf '  %-8s rep %s: wall %5d ms, Csc %s ms\n' "$1" "$2" "$(( (end - start) / 1000000 ))" "${csc:-NA}"
}

# 4. Timed builds, alternating.
: > "$RESULTS"
for rep in $(seq 1 "$REPS"); do
  build with "$rep"
  build without "$rep"
done

# 5. Medians and ratios.
python3 - "$RESULTS" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
def med(variant, col):
    xs = [float(r[col]) for r in rows if r[0] == variant and r[col] != "NA"]
    return statistics.median(xs) if xs else float("nan")
for name, col in (("wall time of dotnet build", 2), ("Csc task time", 3)):
    w, wo = med("with", col), med("without", col)
    print(f"{name}: median with analyzer {w:.0f} ms, without {wo:.0f} ms, ratio {w / wo:.3f}")
PY

# 6. Per-analyzer and per-generator figures from the compiler (-p:ReportAnalyzer=true), both variants.
report() { # $1 = label, $2... = extra properties
  local label="$1" log="$WORK/report-analyzer-$1.log"; shift
  touch "$CONSUMER/CallSites.cs"
  dotnet build "$CONSUMER" -c $CONFIG -nologo --no-restore -p:BuildProjectReferences=false -p:ReportAnalyzer=true "$@" -v:d > "$log"
  echo "== -p:ReportAnalyzer=true, $label:"
  grep -E "^ +(Total (analyzer|generator) execution time|[0-9<][0-9.]* +[0-9<]+ +(TypedMcp|CsvHelper)\.Generators)" "$log" | cut -c1-160 | sed 's/^ */  /' || true
}
report with
report without -p:NoPolicyAnalyzer=true
echo "== logs and results: $WORK"

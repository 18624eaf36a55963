#!/usr/bin/env bash
# Honnin side by side with the npm peers, on this machine, in one run; see README.md.
#
#   benchmarks/compare.sh                   # Stopwatch harness: Honnin, its crypto floor, @auth0/mdl, @owf/mdoc, @sd-jwt/sd-jwt-vc
#   benchmarks/compare.sh --bdn             # and then the BenchmarkDotNet report (ShortRun, MemoryDiagnoser)
#   benchmarks/compare.sh --rounds 5 --batches 7 --batch-ms 500
#
# Options other than --bdn go to the harness (`Honnin.Benchmarks compare`): --rounds, --batches, --batch-ms,
# --warmup-ms, --skip-peers, --only mdoc|sd-jwt|storage|status|issuance|presentation, --out. Results land in benchmarks/BenchmarkDotNet.Artifacts/compare (results.md, .json).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/BenchmarkDotNet.Artifacts/compare"
bdn=false
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --bdn) bdn=true ;;
    --out) out="$2"; shift ;;
    *) args+=("$1") ;;
  esac
  shift
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$here/Honnin.Benchmarks/Honnin.Benchmarks.csproj" -c Release -v quiet -nologo
if [ ! -d "$here/peers/node_modules/@auth0/mdl" ] || [ ! -d "$here/peers/node_modules/@owf/mdoc" ] || [ ! -d "$here/peers/node_modules/@sd-jwt/sd-jwt-vc" ]; then
  npm ci --prefix "$here/peers" --no-audit --no-fund
fi

echo "## Machine"
echo
echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- .NET: $(dotnet --version) SDK, runtime $(dotnet --list-runtimes | sed -n 's/^Microsoft.NETCore.App \([^ ]*\).*/\1/p' | tail -1); $(openssl version 2>/dev/null || echo 'OpenSSL ?')"
echo "- Node.js: $(node --version); peers: $(cd "$here/peers" && node -p "['@auth0/mdl','@owf/mdoc','@sd-jwt/sd-jwt-vc','@sd-jwt/crypto-nodejs'].map(n => n + ' ' + require('./node_modules/' + n + '/package.json').version).join(', ')")"
echo

dll="$here/Honnin.Benchmarks/bin/Release/net10.0/Honnin.Benchmarks.dll"
dotnet "$dll" compare --peers "$here/peers" --out "$out" "${args[@]}"

if $bdn; then
  (cd "$here" && dotnet "$dll" --filter '*' --job short --artifacts "$out/bdn")
fi

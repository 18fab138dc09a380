#!/usr/bin/env bash
# Static checks of the Helm chart (no cluster here): helm lint --strict and helm template with every option on.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
helm_version="v3.22.0"
helm="$root/.visor/bin/helm"
if [ ! -x "$helm" ]; then
  command -v go >/dev/null || { echo "check-chart: helm is missing and Go is not installed: apt-get install -y golang-go" >&2; exit 1; }
  echo "check-chart: installing helm $helm_version with go install" >&2
  GOBIN="$root/.visor/bin" go install "helm.sh/helm/v3/cmd/helm@$helm_version"
fi
"$helm" lint --strict "$root/charts/visor"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
"$helm" template visor "$root/charts/visor" --set ingress.enabled=true --set serviceMonitor.enabled=true >"$out"
for kind in Deployment Service PodDisruptionBudget Ingress ServiceMonitor; do
  grep -q "^kind: $kind\$" "$out" || { echo "check-chart: rendered chart has no $kind" >&2; exit 1; }
done
echo "check-chart: ok ($(grep -c '^kind:' "$out") objects rendered)" >&2

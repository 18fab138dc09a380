#!/usr/bin/env bash
# Runs DVC for the model pipeline (dvc.yaml), installing it first from PyPI into .visor/dvc-venv if missing.
# Usage: scripts/dvc.sh repro | scripts/dvc.sh metrics show | any other dvc arguments.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dvc_version="3.67.1"
venv="$root/.visor/dvc-venv"
if [ ! -x "$venv/bin/dvc" ] || [ "$("$venv/bin/dvc" --version 2>/dev/null)" != "$dvc_version" ]; then
  command -v python3 >/dev/null || { echo "dvc.sh: python3 is missing: apt-get install -y python3 python3-venv" >&2; exit 1; }
  echo "dvc.sh: installing dvc $dvc_version into .visor/dvc-venv (first run only)" >&2
  python3 -m venv "$venv" || { echo "dvc.sh: python3 -m venv failed: apt-get install -y python3-venv" >&2; exit 1; }
  "$venv/bin/pip" install --quiet "dvc==$dvc_version" >&2
fi
# The stage commands call ./visor, which finds its own toolchain.
cd "$root"
exec "$venv/bin/dvc" "$@"

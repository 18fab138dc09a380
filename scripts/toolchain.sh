# Sourced by ./visor. Installs the pinned Node.js and pnpm into .visor/toolchain (from the npm registry) when the
# machine's own Node is too old, and installs workspace dependencies when the lockfile changed. Idempotent.
VISOR_NODE_VERSION="24.21.0"
VISOR_NODE_MIN_MAJOR=22
VISOR_PNPM_VERSION="10.34.9"

visor_log() { printf '[visor] %s\n' "$*" >&2; }
visor_die() { printf '[visor] error: %s\n' "$*" >&2; exit 1; }

visor_ensure_toolchain() {
  local tc="$VISOR_ROOT/.visor/toolchain"
  # onnxruntime-node's install script downloads CUDA files from a host outside the package registry; its CPU
  # binary already ships inside the package, so the script is skipped for every install (also pnpm-workspace.yaml).
  export ONNXRUNTIME_NODE_INSTALL=skip
  export npm_config_onnxruntime_node_install=skip
  command -v npm >/dev/null || visor_die "npm is not installed. Install Node.js and npm first: sudo apt-get install -y nodejs npm"
  local major=0
  if command -v node >/dev/null; then major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"; fi
  if [ "$major" -lt "$VISOR_NODE_MIN_MAJOR" ]; then
    local arch
    case "$(uname -m)" in x86_64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; *) visor_die "unsupported CPU $(uname -m)" ;; esac
    local pkg="node-linux-$arch"
    if [ ! -x "$tc/node_modules/$pkg/bin/node" ] || [ "$("$tc/node_modules/$pkg/bin/node" --version)" != "v$VISOR_NODE_VERSION" ]; then
      visor_log "Node $(node --version 2>/dev/null || echo none) is older than $VISOR_NODE_MIN_MAJOR; installing Node $VISOR_NODE_VERSION into .visor/toolchain"
      mkdir -p "$tc"
      npm install --no-save --no-package-lock --loglevel=error --prefix "$tc" "$pkg@$VISOR_NODE_VERSION" >&2 \
        || visor_die "could not install Node $VISOR_NODE_VERSION from the npm registry (is the registry reachable?)"
    fi
    export PATH="$tc/node_modules/$pkg/bin:$PATH"
  fi
  if [ ! -x "$tc/pnpm/node_modules/.bin/pnpm" ] || [ "$("$tc/pnpm/node_modules/.bin/pnpm" --version)" != "$VISOR_PNPM_VERSION" ]; then
    visor_log "installing pnpm $VISOR_PNPM_VERSION into .visor/toolchain"
    mkdir -p "$tc/pnpm"
    npm install --no-save --no-package-lock --loglevel=error --prefix "$tc/pnpm" "pnpm@$VISOR_PNPM_VERSION" >&2 \
      || visor_die "could not install pnpm $VISOR_PNPM_VERSION from the npm registry"
  fi
  export PATH="$tc/pnpm/node_modules/.bin:$VISOR_ROOT/node_modules/.bin:$PATH"
}

visor_ensure_dependencies() {
  local stamp="$VISOR_ROOT/.visor/install.stamp" want
  want="$(cat "$VISOR_ROOT/pnpm-lock.yaml" "$VISOR_ROOT"/package.json "$VISOR_ROOT"/{packages,services}/*/package.json 2>/dev/null | sha256sum | cut -d' ' -f1)-$(node --version)"
  if [ -d "$VISOR_ROOT/node_modules" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  visor_log "installing workspace dependencies (pnpm install)"
  local frozen=()
  [ -f "$VISOR_ROOT/pnpm-lock.yaml" ] && [ "${CI:-}" = "true" ] && frozen=(--frozen-lockfile)
  (cd "$VISOR_ROOT" && pnpm install "${frozen[@]}" --reporter=append-only >&2) || visor_die "pnpm install failed (see above)"
  mkdir -p "$VISOR_ROOT/.visor"
  echo "$want" >"$stamp"
}

#!/usr/bin/env bash
# One entry point for the README's two quick-start commands:
#   tools/dev.sh run   — install missing Debian packages, build, start orgtreed with demo data
#   tools/dev.sh test  — install missing Debian packages, build, run every test (ctest)
# Other verbs: setup, build, bench.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
PACKAGES=(cmake ninja-build g++ pkg-config
  libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc grpc-proto
  librocksdb-dev libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev nlohmann-json3-dev libspdlog-dev libfmt-dev)

setup() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}" >&2
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

build() {
  setup
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$BUILD_DIR" -j2
}

case "${1:-}" in
  setup) setup ;;
  build) build ;;
  run)
    shift
    build
    exec "$BUILD_DIR/tools/orgtreed" --listen 127.0.0.1:50051 --data-dir ./data --demo "$@"
    ;;
  test)
    build
    cd "$BUILD_DIR" && ctest --output-on-failure -j2 --timeout 600
    ;;
  bench)
    shift
    build
    export BUILD_DIR
    exec tests/bench/run_benchmarks.sh --no-build "$@"
    ;;
  *)
    echo "usage: tools/dev.sh run|test|setup|build|bench" >&2
    exit 2
    ;;
esac

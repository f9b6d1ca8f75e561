#!/usr/bin/env bash
# Builds the stand-in bench server (bench/http/server/main.swift) as a separate package in a
# temp dir that depends on this repository by path, and prints the binary's path on the last line.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${BENCH_SERVER_DIR:-${TMPDIR:-/tmp}/mosaic-http-bench-server}"
mkdir -p "$WORK/Sources/bench-http-server"
cp "$ROOT/bench/http/server/main.swift" "$WORK/Sources/bench-http-server/main.swift"
cat > "$WORK/Package.swift" <<PKG
// swift-tools-version:6.0
import PackageDescription
let package = Package(
    name: "bench-http-server",
    dependencies: [
        .package(name: "mosaic", path: "$ROOT"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        .executableTarget(name: "bench-http-server", dependencies: [
            .product(name: "HTTP", package: "mosaic"),
            .product(name: "Logging", package: "swift-log"),
        ]),
    ]
)
PKG
cd "$WORK"
swift build -c release --product bench-http-server >&2
echo "$WORK/.build/release/bench-http-server"

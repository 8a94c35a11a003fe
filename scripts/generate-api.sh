#!/usr/bin/env bash
# Makes the JSON API's Swift code (Sources/App/Features/API/Generated) from its OpenAPI document
# (Resources/api/openapi.json) with swift-openapi-generator, built once in .build-openapi.
# Run after changing the document, and commit what it writes.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOL=.build-openapi
if [ ! -x "$TOOL/.build/release/swift-openapi-generator" ]; then
  mkdir -p "$TOOL/noop"
  cat > "$TOOL/Package.swift" <<'PKG'
// swift-tools-version:6.0
import PackageDescription
let package = Package(
    name: "oag",
    dependencies: [.package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3")],
    targets: [.executableTarget(name: "noop", path: "noop")]
)
PKG
  echo 'print("")' > "$TOOL/noop/main.swift"
  (cd "$TOOL" && swift build -c release --product swift-openapi-generator)
fi
rm -rf Sources/App/Features/API/Generated
mkdir -p Sources/App/Features/API/Generated
"$TOOL/.build/release/swift-openapi-generator" generate --config Sources/App/Features/API/openapi-generator-config.yaml \
  --output-directory Sources/App/Features/API/Generated Resources/api/openapi.json

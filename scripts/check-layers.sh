#!/usr/bin/env bash
# Checks that dependencies in the web layer run one way: route handler → operation/store → ISHCCore.
# Fails, naming file and line, when
#   - a view (…Page(s), …View, …Section, Shared/Views) names a controller type, takes or reads the
#     request, runs SQL or a Fluent query, or reads the clock;
#   - a store, cache or operation names a controller type;
#   - a handler (…Controller) runs SQL of its own (SQL lives in stores);
#   - a migration uses code from outside Migrations/ other than a model's table name (`X.schema`),
#     so an old migration never changes meaning when today's code does.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - <<'PY'
import glob, re, sys

app = "Sources/App"
failures = []

def lines(path):
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            code = line.split("//", 1)[0] if not line.lstrip().startswith("///") else ""
            yield n, line.rstrip("\n"), code

def check(paths, rules, what):
    for path in paths:
        for n, line, code in lines(path):
            for pattern, why in rules:
                if re.search(pattern, code):
                    failures.append(f"{path}:{n}: {what} {why}: {line.strip()}")

controller = (r"\b[A-Z]\w*Controller\b", "names a controller type")
sql = [(r"(?<=[\w)])\.raw\(|\bSQLDatabase\b|\bSQLQueryString\b|\bsql\.(select|insert|update|delete)\b", "runs SQL")]

features = glob.glob(f"{app}/Features/*/*.swift")
views = [p for p in features if re.search(r"(Pages?|View|Section)(\+\w+)?\.swift$", p)]
views += [p for p in glob.glob(f"{app}/Shared/Views/*.swift") if not p.endswith("/PageContext.swift")]
check(views, [controller, (r"\bRequest\b|\breq\.", "uses the request"), (r"\.query\(on:", "runs a query"),
              (r"clock\.now\(", "reads the clock")] + sql, "view")

stores = [p for p in features if re.search(r"(Store|Cache|Memo|Operations|Access)(\+\w+)?\.swift$", p)]
check(stores, [controller], "store")

handlers = [p for p in features if re.search(r"Controller(\+\w+)?\.swift$", p)]
check(handlers, sql, "handler")

# Types declared outside Migrations/: the App target's and ISHCCore's.
declared = set()
for path in glob.glob("Sources/**/*.swift", recursive=True):
    if "/Migrations/" in path:
        continue
    for _, _, code in lines(path):
        if code.lstrip().startswith(("import ", "@_spi")):  # `import struct Foundation.URL` declares nothing
            continue
        for m in re.finditer(r"\b(?:struct|enum|class|actor|protocol|typealias)\s+([A-Z]\w*)", code):
            declared.add(m.group(1))
own = set()
migrations = glob.glob(f"{app}/Migrations/**/*.swift", recursive=True)
for path in migrations:
    for _, _, code in lines(path):
        own.update(m.group(1) for m in re.finditer(r"\b(?:struct|enum|class)\s+([A-Z]\w*)", code))
outside = sorted(declared - own)
if outside:
    use = re.compile(r"\b(" + "|".join(map(re.escape, outside)) + r")\b(?!\.schema\b)")
    for path in migrations:
        for n, line, code in lines(path):
            code = re.sub(r'"(?:[^"\\]|\\.)*"', '""', code)
            m = use.search(code)
            if m:
                failures.append(f"{path}:{n}: migration uses {m.group(1)} from outside Migrations/: {line.strip()}")

if failures:
    print("\n".join(failures))
    print(f"check-layers: {len(failures)} problem(s)")
    sys.exit(1)
print(f"check-layers: {len(views)} views, {len(stores)} stores, {len(handlers)} handlers, {len(migrations)} migrations follow the layers")
PY

#!/usr/bin/env python3
"""Every target imports only what Package.swift declares for it (DESIGN §1: dependencies one way).

SwiftPM's `--explicit-target-dependency-import-check error` does not report a module that is
reachable through another dependency with the toolchain here (Swift 6.3.1 on Linux: a target that
imports a module of its dependency's dependency builds without a word), so this script checks it:
it reads the manifest through `swift package dump-package`, collects the `import` lines of every
target's Swift files, and fails when a target imports another target of this package, or a product
of a package dependency, that it does not declare. Exit 0 when all is declared, 1 otherwise.
"""
import json
import os
import re
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
manifest = json.loads(subprocess.run(
    ["swift", "package", "dump-package"], cwd=root, check=True, capture_output=True, text=True).stdout)

targets = {t["name"]: t for t in manifest["targets"]}
# Modules that the package's own dependencies provide (ArgumentParser, …): declared as products.
foreign = {"ArgumentParser"}
import_line = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?(\w+)")


def declared(target):
    names = set()
    for dependency in target["dependencies"]:
        kind, value = next(iter(dependency.items()))
        names.add(value[0])
    return names


def folder(target):
    if target.get("path"):
        return os.path.join(root, target["path"])
    base = "Tests" if target["type"] == "test" else "Sources"
    return os.path.join(root, base, target["name"])


problems = []
for name, target in targets.items():
    if target["type"] == "system":
        continue
    allowed = declared(target)
    for directory, _, files in os.walk(folder(target)):
        for file in sorted(files):
            if not file.endswith(".swift"):
                continue
            path = os.path.join(directory, file)
            with open(path, encoding="utf-8") as handle:
                for number, line in enumerate(handle, 1):
                    match = import_line.match(line)
                    if not match:
                        continue
                    module = match.group(1)
                    if (module in targets or module in foreign) and module != name and module not in allowed:
                        problems.append(f"{os.path.relpath(path, root)}:{number}: target {name} imports {module} "
                                        f"without declaring it in Package.swift")

for p in problems:
    print(p)
if problems:
    sys.exit(1)
print(f"imports: every import of {len(targets)} targets is declared")

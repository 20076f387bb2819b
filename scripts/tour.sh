#!/usr/bin/env bash
# The README's five-minute tour on the Afghanistan example (make run).
set -euo pipefail
cd "$(dirname "$0")/.."
go build -o bin/jirga ./cmd/jirga
j=bin/jirga
ex=examples/afghanistan
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@" || true; }
step $j check $ex
step $j ask $ex --at AF-KAN --action attend_secondary_school --person '{"age":14,"sex":"female","communities":["hanafi"]}'
step $j ask $ex --at AF-PAN --action attend_secondary_school --person '{"age":14,"sex":"female","communities":["hanafi"]}'
step $j where $ex --person '{"age":15,"sex":"female","communities":["jafari"]}' --wants attend_secondary_school,broadcast_music
if $j review --help >/dev/null 2>&1; then step $j review $ex; fi
if $j power --help >/dev/null 2>&1; then step $j power --weights 4,4,4,2,2,1 --quota 12 --players DE,FR,IT,NL,BE,LU; fi

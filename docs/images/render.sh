#!/usr/bin/env bash
# Renders the README's diagrams from their Graphviz sources (apt-get install graphviz).
set -euo pipefail
cd "$(dirname "$0")"
for source in *.dot; do
    dot -Tpng -Gdpi=110 "$source" -o "${source%.dot}.png"
done

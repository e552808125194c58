#!/usr/bin/env bash
# CLIP ViT-B/16 for the kit's `full` preset, into $COMMA_WEIGHTS (default ~/.comma/weights):
#   ViT-B-16.pt                          OpenAI's TorchScript release (what clip.load downloads), fp16; SHA-256 checked
#   clip-vit-base-patch16.safetensors    with --hf: the Hugging Face export of the same model (no published checksum)
# The BPE vocabulary (bpe_simple_vocab_16e6.txt.gz, MIT) is bundled in the kit's library (docs/tokenizer.md): nothing
# to download; a copy put in $COMMA_WEIGHTS by hand is used instead.
# Usage: data-scripts/clip_weights.sh [--hf]
# An existing good file is kept; COMMA_MIRROR / COMMA_OFFLINE / COMMA_VERIFY work as for the datasets (lib.sh).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dest="${COMMA_WEIGHTS:-$HOME/.comma/weights}"

# OpenAI publishes each model's SHA-256 as the folder name of its URL; clip.load checks it the same way.
VIT_B16_SHA256=5806e77cd80f8b59890b7e101eabd078d9fb84e6937f9e85e4ecb61988df416f
fetch_to "$dest" ViT-B-16.pt "$VIT_B16_SHA256" \
  "https://openaipublic.azureedge.net/clip/models/${VIT_B16_SHA256}/ViT-B-16.pt"
if [[ "${1:-}" == "--hf" ]]; then
  # HF names it model.safetensors; the kit keeps a distinct name beside the OpenAI file
  fetch_to "$dest" clip-vit-base-patch16.safetensors "" \
    https://huggingface.co/openai/clip-vit-base-patch16/resolve/main/model.safetensors
fi
say "CLIP ViT-B/16 is in $dest (the full preset reads COMMA_WEIGHTS)."

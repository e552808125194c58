#!/usr/bin/env bash
# Downloads CLIP ViT-B/16 for the kit's `full` preset:
#   $COMMA_WEIGHTS/ViT-B-16.pt                   OpenAI's TorchScript release (what clip.load downloads), fp16
#   $COMMA_WEIGHTS/bpe_simple_vocab_16e6.txt.gz  the BPE vocabulary (MIT, openai/CLIP)
#   $COMMA_WEIGHTS/clip-vit-base-patch16.safetensors  (with --hf) the Hugging Face export of the same model
# Usage: data-scripts/clip_weights.sh [--hf]      (COMMA_WEIGHTS defaults to ~/.comma/weights)
# Each file is checked (SHA-256) and written atomically; an existing good file is kept.
set -euo pipefail
dest="${COMMA_WEIGHTS:-$HOME/.comma/weights}"
mkdir -p "$dest"

# OpenAI publishes the SHA-256 of each model as the folder name of its URL; clip.load checks it the same way.
VIT_B16_SHA256=5806e77cd80f8b59890b7e101eabd078d9fb84e6937f9e85e4ecb61988df416f
VIT_B16_URL="https://openaipublic.azureedge.net/clip/models/${VIT_B16_SHA256}/ViT-B-16.pt"
BPE_SHA256=924691ac288e54409236115652ad4aa250f48203de50a9e4722a6ecd48d6804a
BPE_URL="https://github.com/openai/CLIP/raw/main/clip/bpe_simple_vocab_16e6.txt.gz"
HF_URL="https://huggingface.co/openai/clip-vit-base-patch16/resolve/main/model.safetensors"

fetch() { # url file [sha256]
  local url="$1" file="$2" sum="${3:-}"
  if [[ -f "$file" && ( -z "$sum" || "$(sha256sum "$file" | cut -d' ' -f1)" == "$sum" ) ]]; then
    echo "ok       $file"
    return
  fi
  echo "download $url"
  if ! curl -fL --retry 3 -o "$file.part" "$url"; then
    rm -f "$file.part"
    echo "error: cannot download $url. Download it by hand to $file, or set COMMA_WEIGHTS to a folder that has it." >&2
    exit 1
  fi
  if [[ -n "$sum" && "$(sha256sum "$file.part" | cut -d' ' -f1)" != "$sum" ]]; then
    rm -f "$file.part"
    echo "error: $url has the wrong SHA-256 (expected $sum); the download was damaged. Run the script again." >&2
    exit 1
  fi
  mv "$file.part" "$file"
  echo "saved    $file"
}

fetch "$VIT_B16_URL" "$dest/ViT-B-16.pt" "$VIT_B16_SHA256"
fetch "$BPE_URL" "$dest/bpe_simple_vocab_16e6.txt.gz" "$BPE_SHA256"
if [[ "${1:-}" == "--hf" ]]; then
  fetch "$HF_URL" "$dest/clip-vit-base-patch16.safetensors"
fi
echo "CLIP ViT-B/16 is in $dest (the full preset reads COMMA_WEIGHTS)."

# shellcheck shell=bash
# Shared by the data-scripts: download (or take from a mirror), verify, extract into the CoOp layout (docs/data-protocol.md#layouts-per-dataset).
# Sourced, not run. Settings, all optional:
#   COMMA_DATA       the data root, CoOp's $DATA (default ~/.comma/data; the kit reads the same variable, or the
#                    Java setting -Dcomma.data)
#   COMMA_DOWNLOADS  where archives and split files are kept (default $COMMA_DATA/_downloads); a file already there
#                    is used, so a file downloaded by hand goes here
#   COMMA_MIRROR     a folder, or an http(s) base URL, holding the same files under the same names; looked at before
#                    the official URLs (offline installs, institutional mirrors, tests)
#   COMMA_OFFLINE    1: never touch the network; what is neither downloaded nor in the mirror is an error
#   COMMA_VERIFY     0: skip the MD5/SHA-256 checks (only for synthetic test archives); default 1
#   COMMA_GDOWN      the command that downloads Google Drive files (default gdown, `pip install gdown`)
#   COMMA_KEEP_ARCHIVES  0: delete an archive once it is extracted; default 1 (keep, so a rerun needs no network)
set -euo pipefail

COMMA_DATA="${COMMA_DATA:-$HOME/.comma/data}"
COMMA_DOWNLOADS="${COMMA_DOWNLOADS:-$COMMA_DATA/_downloads}"
COMMA_MIRROR="${COMMA_MIRROR:-}"
COMMA_OFFLINE="${COMMA_OFFLINE:-0}"
COMMA_VERIFY="${COMMA_VERIFY:-1}"
COMMA_GDOWN="${COMMA_GDOWN:-gdown}"
COMMA_KEEP_ARCHIVES="${COMMA_KEEP_ARCHIVES:-1}"
SCRIPT_NAME="$(basename "${BASH_SOURCE[1]:-$0}")"
# What the user must do when a file cannot be downloaded (set by scripts with manual-only or dead sources).
MANUAL_HINT=""
# 1: fetch returns false instead of stopping when a file cannot be had (to try another source next).
FETCH_SOFT=0

say() { echo "[$SCRIPT_NAME] $*" >&2; }
die() {
  echo "[$SCRIPT_NAME] error: $*" >&2
  exit 1
}

# dataset_dir FOLDER: creates and prints $COMMA_DATA/FOLDER.
dataset_dir() {
  mkdir -p "$COMMA_DATA/$1" "$COMMA_DOWNLOADS"
  (cd "$COMMA_DATA/$1" && pwd)
}

# present PATH...: true when every path exists (a non-empty folder for folders).
present() {
  local p
  for p in "$@"; do
    if [[ -d "$p" ]]; then
      [[ -n "$(ls -A "$p" 2>/dev/null)" ]] || return 1
    else
      [[ -e "$p" ]] || return 1
    fi
  done
}

# checksum_ok FILE SUM: MD5 (32 hex digits) or SHA-256 (64); an empty SUM is not checked.
checksum_ok() {
  local file="$1" sum="$2" got
  [[ -z "$sum" ]] && return 0
  if [[ "$COMMA_VERIFY" == "0" ]]; then
    say "not verifying $(basename "$file") (COMMA_VERIFY=0)"
    return 0
  fi
  case "${#sum}" in
    32) got="$(md5sum "$file" | cut -d' ' -f1)" ;;
    64) got="$(sha256sum "$file" | cut -d' ' -f1)" ;;
    *) die "internal: checksum '$sum' of $file is neither MD5 nor SHA-256" ;;
  esac
  [[ "$got" == "$sum" ]] && return 0
  say "$(basename "$file") has checksum $got, expected $sum"
  return 1
}

# download URL OUT: curl or wget into OUT.part, then OUT; false on failure.
download() {
  local url="$1" out="$2"
  rm -f "$out.part"
  if command -v curl >/dev/null 2>&1; then
    curl -fL --retry 3 --connect-timeout 30 -o "$out.part" "$url" || { rm -f "$out.part"; return 1; }
  elif command -v wget >/dev/null 2>&1; then
    wget -q -O "$out.part" "$url" || { rm -f "$out.part"; return 1; }
  else
    die "neither curl nor wget is installed; install one, or put the files in $COMMA_DOWNLOADS by hand"
  fi
  mv "$out.part" "$out"
}

# from_mirror FILE OUT: takes FILE from $COMMA_MIRROR (a folder: linked; a URL: downloaded); false when absent.
from_mirror() {
  local file="$1" out="$2"
  [[ -n "$COMMA_MIRROR" ]] || return 1
  if [[ "$COMMA_MIRROR" == http://* || "$COMMA_MIRROR" == https://* ]]; then
    [[ "$COMMA_OFFLINE" == "1" ]] && return 1
    say "mirror   ${COMMA_MIRROR%/}/$file"
    download "${COMMA_MIRROR%/}/$file" "$out"
  elif [[ -f "$COMMA_MIRROR/$file" ]]; then
    say "mirror   $COMMA_MIRROR/$file"
    ln -sf "$(cd "$COMMA_MIRROR" && pwd)/$file" "$out"
  else
    return 1
  fi
}

# fetch_to DIR FILE SUM URL...: makes DIR/FILE exist and match SUM: kept if already good, else from the mirror, else
# from the URLs in order. With no URL (manual-only sources) or when every URL fails, stops with instructions.
fetch_to() {
  local dir="$1" file="$2" sum="$3"
  shift 3
  local out="$dir/$file" url
  mkdir -p "$dir"
  if [[ -e "$out" ]]; then
    if checksum_ok "$out" "$sum"; then
      say "have     $out"
      return 0
    fi
    say "removing $out (damaged or from another release)"
    rm -f "$out"
  fi
  if ! from_mirror "$file" "$out"; then
    local ok=0
    if [[ "$COMMA_OFFLINE" != "1" ]]; then
      for url in "$@"; do
        say "download $url"
        if download "$url" "$out"; then
          ok=1
          break
        fi
        say "failed   $url"
      done
    fi
    if [[ "$ok" != "1" ]]; then
      [[ "$FETCH_SOFT" == "1" ]] && return 1
      local where="put it at $out"
      [[ -n "$COMMA_MIRROR" && "$COMMA_MIRROR" != http* ]] && where="$where (or in $COMMA_MIRROR)"
      local tried=""
      [[ $# -gt 0 ]] && tried=" from: $*"
      [[ "$COMMA_OFFLINE" == "1" ]] && tried=" (COMMA_OFFLINE=1: the network was not used)"
      die "cannot get $file$tried. ${MANUAL_HINT:+$MANUAL_HINT }Download it by hand, $where, then run $SCRIPT_NAME again."
    fi
  fi
  if ! checksum_ok "$out" "$sum"; then
    rm -f "$out"
    die "$file is damaged or not the expected release (checksum above). Remove it from the mirror or download it again."
  fi
}

# fetch FILE SUM URL...: fetch_to the downloads folder.
fetch() { fetch_to "$COMMA_DOWNLOADS" "$@"; }

# fetch_gdrive FILE ID [SUM]: a Google Drive file (CoOp's split files) into the downloads folder, with gdown when it
# is installed, else with instructions for the browser.
fetch_gdrive() {
  local file="$1" id="$2" sum="${3:-}"
  local out="$COMMA_DOWNLOADS/$file"
  mkdir -p "$COMMA_DOWNLOADS"
  if [[ -e "$out" ]] && checksum_ok "$out" "$sum"; then
    say "have     $out"
    return 0
  fi
  if from_mirror "$file" "$out"; then
    checksum_ok "$out" "$sum" || { rm -f "$out"; die "$file from the mirror is damaged (checksum above)."; }
    return 0
  fi
  local page="https://drive.google.com/file/d/$id/view"
  if [[ "$COMMA_OFFLINE" != "1" ]] && command -v "$COMMA_GDOWN" >/dev/null 2>&1; then
    say "gdown    $page"
    if "$COMMA_GDOWN" "https://drive.google.com/uc?id=$id" -O "$out.part" >&2 && [[ -s "$out.part" ]]; then
      mv "$out.part" "$out"
      checksum_ok "$out" "$sum" || { rm -f "$out"; die "$file from Google Drive is damaged (checksum above)."; }
      return 0
    fi
    rm -f "$out.part"
    say "gdown could not fetch $file (Drive quota or a changed link)"
  fi
  cat >&2 <<MSG
[$SCRIPT_NAME] error: $file is on Google Drive and was not downloaded.
  Either install gdown (pip install gdown) and run $SCRIPT_NAME again,
  or by hand:
    1. open $page in a browser and download the file;
    2. save it as $out${COMMA_MIRROR:+ (or put it in $COMMA_MIRROR)};
    3. run $SCRIPT_NAME again (what is already there is kept).
MSG
  exit 1
}

# unpack ARCHIVE DIR: extracts a .tar, .tar.gz/.tgz or .zip into DIR.
unpack() {
  local archive="$1" dir="$2"
  mkdir -p "$dir"
  case "$archive" in
    *.tar.gz | *.tgz) tar -xzf "$archive" -C "$dir" ;;
    *.tar) tar -xf "$archive" -C "$dir" ;;
    *.zip)
      if command -v unzip >/dev/null 2>&1; then
        unzip -q -o "$archive" -d "$dir"
      elif command -v python3 >/dev/null 2>&1; then
        python3 -m zipfile -e "$archive" "$dir"
      elif command -v bsdtar >/dev/null 2>&1; then
        bsdtar -xf "$archive" -C "$dir"
      elif command -v jar >/dev/null 2>&1; then
        (cd "$dir" && jar xf "$(cd "$(dirname "$archive")" && pwd)/$(basename "$archive")")
      else
        die "cannot extract $archive: install unzip (or python3, bsdtar, a JDK's jar)"
      fi
      ;;
    *) die "internal: unknown archive type $archive" ;;
  esac
}

# move_into SRC DST: moves the content of SRC into DST, merging folders and keeping what DST already has.
move_into() {
  local src="$1" dst="$2" entry name
  mkdir -p "$dst"
  shopt -s dotglob nullglob
  for entry in "$src"/*; do
    name="$(basename "$entry")"
    if [[ ! -e "$dst/$name" ]]; then
      mv "$entry" "$dst/$name"
    elif [[ -d "$entry" && -d "$dst/$name" ]]; then
      move_into "$entry" "$dst/$name"
    fi
  done
  shopt -u dotglob nullglob
}

# extract ARCHIVE DEST [INNER]: extracts ARCHIVE (a path, or a file name in the downloads folder) into a staging folder
# beside DEST, then moves the archive's INNER folder (default: its top level) into DEST. INNER ending in "?" is used
# only when the archive has it.
extract() {
  local archive="$1" dest="$2" inner="${3:-}"
  [[ "$archive" == */* ]] || archive="$COMMA_DOWNLOADS/$archive"
  local stage
  stage="$(dirname "$dest")/.extract-$(basename "$dest")-$$"
  rm -rf "$stage"
  say "extract  $(basename "$archive") -> $dest${inner:+ (from ${inner%\?}/)}"
  if ! unpack "$archive" "$stage"; then
    rm -rf "$stage"
    die "cannot extract $(basename "$archive"): the archive is damaged or incomplete. Delete it and run $SCRIPT_NAME again."
  fi
  local src="$stage"
  if [[ -n "$inner" ]]; then
    if [[ -d "$stage/${inner%\?}" ]]; then
      src="$stage/${inner%\?}"
    elif [[ "$inner" != *\? ]]; then
      rm -rf "$stage"
      die "$(basename "$archive") has no folder ${inner}/; it is not the expected release"
    fi
  fi
  move_into "$src" "$dest"
  rm -rf "$stage"
  if [[ "$COMMA_KEEP_ARCHIVES" == "0" && "$archive" == "$COMMA_DOWNLOADS/"* ]]; then
    rm -f "$archive"
  fi
}

# install_file FILE DEST: copies a downloaded file (a name in the downloads folder) to DEST unless DEST exists.
install_file() {
  local src="$COMMA_DOWNLOADS/$1" dest="$2"
  if [[ -e "$dest" ]]; then
    say "have     $dest"
  else
    cp "$src" "$dest.part" && mv "$dest.part" "$dest"
    say "placed   $dest"
  fi
}

# available FILE: true when FILE is in the downloads folder or the local mirror (to prefer an alternative archive).
available() {
  [[ -e "$COMMA_DOWNLOADS/$1" ]] || [[ -n "$COMMA_MIRROR" && "$COMMA_MIRROR" != http* && -f "$COMMA_MIRROR/$1" ]]
}

# finish DIR: the closing line.
finish() {
  say "ready    $1  (check the whole data root with data-scripts/check.sh)"
}

# split_file NAME DRIVE_ID DIR: CoOp's split file NAME into DIR, from Google Drive unless DIR already has it.
split_file() {
  local name="$1" id="$2" dir="$3"
  if [[ -e "$dir/$name" ]]; then
    say "have     $dir/$name"
    return 0
  fi
  fetch_gdrive "$name" "$id"
  install_file "$name" "$dir/$name"
}

# imagenet_classnames DIR: ImageNet's classnames.txt into DIR, copied from $COMMA_DATA/imagenet when that has it,
# else CoOp's file from Google Drive (the ImageNet variants use ImageNet's class names).
imagenet_classnames() {
  local dir="$1"
  if [[ -e "$dir/classnames.txt" ]]; then
    say "have     $dir/classnames.txt"
  elif [[ -f "$COMMA_DATA/imagenet/classnames.txt" ]]; then
    cp "$COMMA_DATA/imagenet/classnames.txt" "$dir/classnames.txt"
    say "placed   $dir/classnames.txt (ImageNet's)"
  else
    split_file classnames.txt 1-61f_ol79pViBFDG_IDlUQSwoLcn2XXF "$dir"
  fi
}

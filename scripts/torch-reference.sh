#!/usr/bin/env bash
# The same-machine PyTorch reference of `actbench bench --train`. Gets Debian's python3-torch
# (1.13.1, with OpenBLAS) and the libraries it needs that this system lacks with `apt-get
# download`, unpacks them with `dpkg -x` into a cache folder (never into the system), and runs
# scripts/torch_reference.py with Debian's /usr/bin/python3 on one thread.
#
# Usage: scripts/torch-reference.sh [--setup-only | --no-setup] [ARGS for torch_reference.py]
#   --setup-only  fetch and unpack, then stop;  --no-setup  only use what is already cached.
# Cache: $ACTBENCH_CACHE/torch, else ${XDG_CACHE_HOME:-~/.cache}/actbench/torch (about 150 MB of
# packages, 660 MB unpacked; delete the folder to remove it).
# Exit status 3 and one line on stderr: PyTorch cannot be had here (no apt, no network, another
# Debian release...). Any other failure exits with its own status.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache="${ACTBENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/actbench}/torch"
root="$cache/root"
ready="$cache/ready"
python=/usr/bin/python3
UNAVAILABLE=3

unavailable() {
  echo "torch-reference: $*" >&2
  exit "$UNAVAILABLE"
}

mode=run
case "${1:-}" in
  --setup-only) mode=setup; shift ;;
  --no-setup) mode=cached; shift ;;
esac

# Dependencies of the packages given, one line per dependency (Depends and Pre-Depends;
# alternatives and the providers of virtual packages flattened onto the line, in apt's order).
dependency_groups() {
  apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances "$@" 2>/dev/null |
    awk '
      function flush() { if (line != "") print substr(line, 2); line = "" }
      /^ [ |](Pre)?Depends: / {
        if (groupEnds) flush()
        groupEnds = substr($0, 2, 1) != "|"
        if ($2 !~ /^</) line = line " " $2
        next
      }
      /^    / { line = line " " $1; next }
      { if (groupEnds) flush(); groupEnds = 0 }
      END { if (groupEnds) flush() }
    '
}

# The packages to fetch: python3-torch and, recursively, every dependency that no installed
# package satisfies. Of alternatives the first is taken, except that OpenBLAS is preferred for
# BLAS. Breadth first, one apt-cache call per level (one call per package took minutes).
resolve() {
  local -A seen=() installed=()
  local package group candidate pick
  while read -r package; do installed[$package]=1; done < <(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' | awk '$1 == "ii" { print $2 }')
  local -a frontier=(python3-torch) level=()
  while ((${#frontier[@]} > 0)); do
    level=()
    for package in "${frontier[@]}"; do
      [[ -n ${seen[$package]:-} ]] && continue
      seen[$package]=1
      [[ -n ${installed[$package]:-} ]] && continue
      echo "$package"
      level+=("$package")
    done
    frontier=()
    ((${#level[@]} > 0)) || break
    while read -r group; do
      pick=""
      for candidate in $group; do
        if [[ -n ${installed[$candidate]:-} || -n ${seen[$candidate]:-} ]]; then pick=satisfied; break; fi
      done
      [[ $pick == satisfied ]] && continue
      pick=${group%% *}
      [[ " $group " == *" libopenblas0-pthread "* ]] && pick=libopenblas0-pthread
      frontier+=("$pick")
    done < <(dependency_groups "${level[@]}")
  done
}

setup() {
  [[ -f $ready ]] && return 0
  for tool in apt-get apt-cache dpkg-deb dpkg-query; do
    command -v "$tool" >/dev/null 2>&1 || unavailable "$tool is missing: this script needs a Debian system with apt"
  done
  apt-cache show python3-torch >/dev/null 2>&1 || unavailable "apt knows no package python3-torch here (Debian 12 'bookworm' has 1.13.1; run apt-get update?)"
  echo "torch-reference: resolving python3-torch's dependencies" >&2
  local packages
  packages=$(resolve | sort -u)
  local debs="$cache/debs"
  mkdir -p "$debs"
  echo "torch-reference: downloading $(wc -w <<<"$packages") Debian packages into $debs (about 150 MB, once)" >&2
  # shellcheck disable=SC2086  # one word per package
  (cd "$debs" && apt-get download $packages >/dev/null 2>"$cache/apt-get.log") ||
    unavailable "apt-get download failed (no network or mirror?): $(grep -m1 -E '^(E|Err):' "$cache/apt-get.log" || tail -n1 "$cache/apt-get.log")"
  local partial="$cache/root.partial"
  rm -rf "$partial"
  mkdir -p "$partial"
  for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$partial"; done
  # Documentation and data files are never read by the benchmark.
  rm -rf "$partial/usr/share/doc" "$partial/usr/share/man" "$partial/usr/share/locale"
  rm -rf "$root"
  mv "$partial" "$root"
  rm -rf "$debs"
  printf '%s\n' $packages >"$ready"
  echo "torch-reference: unpacked into $root" >&2
}

[[ -x $python ]] || unavailable "Debian's $python is missing"
case $mode in
  setup) setup; exit 0 ;;
  cached) [[ -f $ready ]] || unavailable "nothing cached in $cache (run scripts/torch-reference.sh --setup-only)" ;;
  run) setup ;;
esac

triplet=$("$python" -c 'import sysconfig; print(sysconfig.get_config_var("MULTIARCH") or "")')
libs="$root/usr/lib/$triplet"
# Debian puts libraries in /usr/lib/<triplet>, some in /lib/<triplet> or /usr/lib; BLAS and
# LAPACK sit in OpenBLAS's folder, where the system would point an alternatives link.
export LD_LIBRARY_PATH="$libs:$libs/openblas-pthread:$root/lib/$triplet:$root/usr/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export PYTHONPATH="$root/usr/lib/python3/dist-packages"
export PYTHONNOUSERSITE=1
# One thread everywhere: torch.set_num_threads(1) covers ATen, these cover OpenMP and OpenBLAS.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
exec "$python" -s "$here/torch_reference.py" "$@"

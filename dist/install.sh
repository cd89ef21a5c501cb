#!/bin/sh
# Installs qctl from an unpacked tarball into FHS places; --uninstall removes what it installed
# (never /etc/qctl/qctl.yml, which may hold your edits, nor the qctl user).
#   ./install.sh [--prefix /opt/qctl] [--destdir DIR] [--uninstall]
# --prefix: qctl's home (bin/, lib/); --destdir: prefixes every path, as make's DESTDIR does,
# for packaging or a trial install in an empty folder (then no user is created).
set -eu
usage() { echo "usage: install.sh [--prefix DIR] [--destdir DIR] [--uninstall]" >&2; exit 2; }

PREFIX=/opt/qctl
DESTDIR=
UNINSTALL=
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || usage; PREFIX=$2; shift 2 ;;
    --prefix=*) PREFIX=${1#--prefix=}; shift ;;
    --destdir) [ $# -ge 2 ] || usage; DESTDIR=$2; shift 2 ;;
    --destdir=*) DESTDIR=${1#--destdir=}; shift ;;
    --uninstall) UNINSTALL=1; shift ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown argument '$1'" >&2; usage ;;
  esac
done
case "$PREFIX" in /*) ;; *) echo "install.sh: --prefix must be an absolute path, not '$PREFIX'" >&2; exit 2 ;; esac

SRC=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd -P)
HOME_DIR="$DESTDIR$PREFIX"
BIN_LINK="$DESTDIR/usr/local/bin/qctl"
MAN_DIR="$DESTDIR/usr/local/share/man/man1"
BASH_COMPLETION="$DESTDIR/usr/share/bash-completion/completions/qctl"
ZSH_COMPLETION="$DESTDIR/usr/share/zsh/vendor-completions/_qctl"
FISH_COMPLETION="$DESTDIR/usr/share/fish/vendor_completions.d/qctl.fish"
UNIT_DIR="$DESTDIR/etc/systemd/system"
CONFIG="$DESTDIR/etc/qctl/qctl.yml"

if [ -n "$UNINSTALL" ]; then
  rm -f "$BIN_LINK" "$BASH_COMPLETION" "$ZSH_COMPLETION" "$FISH_COMPLETION"
  for page in "$SRC"/man/*.1; do [ -e "$page" ] && rm -f "$MAN_DIR/$(basename "$page")"; done
  for unit in "$SRC"/systemd/*; do rm -f "$UNIT_DIR/$(basename "$unit")"; done
  rm -rf "$HOME_DIR"
  echo "qctl uninstalled from $HOME_DIR (kept ${CONFIG#"$DESTDIR"} and the qctl user)"
  exit 0
fi

mkdir -p "$HOME_DIR" "$(dirname "$BIN_LINK")" "$MAN_DIR" "$(dirname "$BASH_COMPLETION")" \
  "$(dirname "$ZSH_COMPLETION")" "$(dirname "$FISH_COMPLETION")" "$UNIT_DIR" "$(dirname "$CONFIG")"
rm -rf "$HOME_DIR/bin" "$HOME_DIR/lib" "$HOME_DIR/LICENSE"
cp -R "$SRC/bin" "$SRC/lib" "$SRC/LICENSE" "$HOME_DIR/"
# the link points where qctl lives once installed, so a --destdir tree can be moved to / as is
ln -sf "$PREFIX/bin/qctl" "$BIN_LINK"
for page in "$SRC"/man/*.1; do [ -e "$page" ] && cp "$page" "$MAN_DIR/"; done
cp "$SRC/completion/qctl" "$BASH_COMPLETION"
cp "$SRC/completion/_qctl" "$ZSH_COMPLETION"
cp "$SRC/completion/qctl.fish" "$FISH_COMPLETION"
for unit in "$SRC"/systemd/*; do
  sed "s#/opt/qctl/bin/qctl#$PREFIX/bin/qctl#g" "$unit" > "$UNIT_DIR/$(basename "$unit")"
done
[ -e "$CONFIG" ] || cp "$SRC/examples/qctl.yml" "$CONFIG"

if [ -z "$DESTDIR" ] && [ "$(id -u)" = 0 ] && ! id qctl >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/qctl --create-home --shell /usr/sbin/nologin qctl
fi
echo "qctl installed in $HOME_DIR; run: qctl --version"

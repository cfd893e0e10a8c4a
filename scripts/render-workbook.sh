#!/usr/bin/env bash
# Renders an Excel workbook to PNG pages, the way a printed copy would look, to check it by eye:
# charts drawn, nothing cut off, no cell shown as ####.
#
#   scripts/render-workbook.sh WORKBOOK.xlsx OUTDIR
#
# LibreOffice converts the workbook to PDF (every sheet, with its page setup: landscape, one page
# wide), then pdftoppm writes OUTDIR/<workbook name>-<page>.png at 80 dpi. Installs the Debian
# packages libreoffice-calc-nogui and poppler-utils with apt-get when soffice or pdftoppm is missing
# (needs root). Prints the PNG files written, one a line.
set -euo pipefail

if [[ $# -ne 2 ]]; then
    echo "usage: $0 WORKBOOK.xlsx OUTDIR" >&2
    exit 2
fi
workbook=$1
outdir=$2
if [[ ! -f "$workbook" ]]; then
    echo "error: no workbook at $workbook" >&2
    exit 2
fi

if ! command -v soffice >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then
    if [[ $(id -u) -ne 0 ]]; then
        echo "error: soffice or pdftoppm is missing; install libreoffice-calc-nogui and poppler-utils (as root)" >&2
        exit 1
    fi
    echo "installing libreoffice-calc-nogui and poppler-utils..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui poppler-utils >&2
fi

mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
name=$(basename "$workbook")
name=${name%.*}

# A private LibreOffice profile: no clash with a running instance or a profile left half written.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$workbook" "$work/$name.xlsx"

# soffice exits 0 even when it converts nothing, so the PDF is checked for below.
HOME="$work" soffice --headless --norestore --nolockcheck \
    "-env:UserInstallation=file://$work/profile" \
    --convert-to pdf --outdir "$work" "$work/$name.xlsx" >&2
if [[ ! -s "$work/$name.pdf" ]]; then
    echo "error: LibreOffice did not convert $workbook to PDF" >&2
    exit 1
fi

rm -f "$outdir/$name"-*.png
pdftoppm -png -r 80 "$work/$name.pdf" "$outdir/$name"
ls -1 "$outdir/$name"-*.png

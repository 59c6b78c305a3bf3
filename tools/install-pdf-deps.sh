#!/usr/bin/env bash
# Install what `drafting render --pdf` and the PDF tests need on Debian/Ubuntu:
# LibreOffice (headless Writer; Calc for the ledger tests; python3-uno for the page
# view of `drafting serve`), poppler-utils, Noto CJK and
# Liberation fonts, and the free Fandol fonts (仿宋/楷体/黑体/宋体 stand-ins, GPL with font
# exception) taken from Debian's texlive-lang-chinese package without installing all of
# TeX Live.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
# Calc: tests/cycle/test_ledger_excel.py opens the CSV and xlsx of `drafting tasks` with it
program=$(dirname "$(readlink -f "$(command -v soffice || echo /usr/lib/libreoffice/program/soffice)")")
[ -e "$program/libsclo.so" ] || need+=(libreoffice-calc-nogui)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
# the exact page view of `drafting serve` drives a warm LibreOffice through UNO, from the
# system Python (drafting/preview/pageview.py)
/usr/bin/python3 -c "import uno" >/dev/null 2>&1 || need+=(python3-uno)
fc-list 2>/dev/null | grep -q "Noto Serif CJK" || need+=(fonts-noto-cjk)
fc-list 2>/dev/null | grep -q "Liberation Serif" || need+=(fonts-liberation2)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if ! fc-list 2>/dev/null | grep -q FandolFang; then
  tmp=$(mktemp -d)
  chmod 755 "$tmp"
  (cd "$tmp" && apt-get download -qq texlive-lang-chinese 2>/dev/null || $SUDO apt-get download -qq texlive-lang-chinese)
  dpkg-deb -x "$tmp"/texlive-lang-chinese_*.deb "$tmp/x"
  $SUDO mkdir -p /usr/local/share/fonts/fandol
  $SUDO cp "$tmp"/x/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/Fandol{Fang,Kai,Hei,Song}-*.otf \
    /usr/local/share/fonts/fandol/
  $SUDO fc-cache -f >/dev/null
  rm -rf "$tmp"
fi
echo "PDF dependencies: $(command -v soffice), $(fc-list | grep -c Fandol) Fandol font files"

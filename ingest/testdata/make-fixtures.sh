#!/bin/sh
# Regenerates the fixtures under ingest/testdata/encodings and
# ingest/testdata/generated from their sources with the real tools (iconv,
# pandoc, LibreOffice, Chromium, LaTeX, qpdf). Tests only read the committed
# outputs; this script is for people who want to see or redo how each was
# made. Run from ingest/testdata: sh make-fixtures.sh [encodings|office|pdf|all]
set -eu
what=${1:-all}
seed=../sample/001_bb93deab17c6a93d.txt
page=001_bb93deab17c6a93d.html

encodings() {
	cd encodings
	# Notepad "Unicode": UTF-16 LE with a byte order mark and CRLF line ends.
	{ printf '\377\376'; sed 's/$/\r/' ../$seed | iconv -f UTF-8 -t UTF-16LE; } > seed001-utf16le-bom.txt
	# Notepad "Unicode big endian".
	{ printf '\376\377'; sed 's/$/\r/' ../$seed | iconv -f UTF-8 -t UTF-16BE; } > seed001-utf16be-bom.txt
	# Notepad "UTF-8 with BOM".
	{ printf '\357\273\277'; cat ../$seed; } > seed001-utf8-bom.txt
	# Windows-1252 ("ANSI" on a Swedish Windows): • is 0x95, – is 0x96.
	iconv -f UTF-8 -t WINDOWS-1252 ../$seed > seed001-cp1252.txt
	# ISO-8859-1 has no • or –: the file uses '-' for both, as old files do.
	sed 's/•/-/g; s/–/-/g' ../$seed | iconv -f UTF-8 -t ISO-8859-1 > seed001-latin1.txt
	# Saved pages: the charset declared in <meta>.
	sed 's/<meta charset="utf-8">/<meta http-equiv="Content-Type" content="text\/html; charset=windows-1252">/' ../$page |
		iconv -f UTF-8 -t WINDOWS-1252 > page001-http-equiv-cp1252.html
	sed 's/<meta charset="utf-8">/<meta charset="ISO-8859-1">/; s/–/-/g' ../$page |
		iconv -f UTF-8 -t ISO-8859-1 > page001-meta-latin1.html
	# A page saved by Notepad as "Unicode": the BOM wins over the meta.
	{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE ../$page; } > page001-utf16le-bom.html
	# A page whose meta still says ISO-8859-1 though it was re-saved as UTF-8.
	sed 's/<meta charset="utf-8">/<meta charset="iso-8859-1">/' ../$page > page001-utf8-declared-latin1.html
	cd ..
}

case $what in
encodings) encodings ;;
all) encodings ;;
esac

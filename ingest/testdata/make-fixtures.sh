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

# LibreOffice keeps a profile; a throw-away one keeps runs independent.
soffice_() { soffice -env:UserInstallation=file:///tmp/lo-fixtures --headless "$@"; }

office() {
	cd generated
	# pandoc 2.17: Markdown → Word and OpenDocument.
	for d in projekt slutrapport; do
		pandoc src/$d.md -o $d.pandoc.docx
		pandoc src/$d.md -o $d.pandoc.odt
	done
	# LibreOffice 7.4 Writer: the report written in LibreOffice (src/slutrapport.fodt,
	# with running header, page-number footer and a two-column section),
	# saved as Word, OpenDocument and PDF.
	soffice_ --convert-to docx:"MS Word 2007 XML" --outdir lo src/slutrapport.fodt
	soffice_ --convert-to odt --outdir lo src/slutrapport.fodt
	mv lo/slutrapport.docx slutrapport.libreoffice.docx
	mv lo/slutrapport.odt slutrapport.libreoffice.odt
	rmdir lo
	cd ..
}

pdf() {
	cd generated
	mkdir -p lo
	soffice_ --convert-to pdf --outdir lo src/slutrapport.fodt
	mv lo/slutrapport.pdf slutrapport.libreoffice.pdf
	# The project page as pandoc made it in Word format, printed by LibreOffice.
	soffice_ --convert-to pdf --outdir lo projekt.pandoc.docx
	mv lo/projekt.pandoc.pdf projekt.libreoffice.pdf
	rmdir lo
	# Chromium 156 "Save as PDF" of pandoc's standalone HTML, with the default
	# header (date, title) and footer (file URL, page n/m).
	for d in projekt slutrapport; do
		pandoc -s src/$d.md -o /tmp/$d.html
		chromium --headless --no-sandbox --disable-gpu --print-to-pdf=$d.chromium.pdf /tmp/$d.html
	done
	# LaTeX (pdfTeX, TeX Live 2022): the report written in LaTeX (src/slutrapport.tex):
	# two columns, Swedish hyphenation (babel), running head and page-number foot (fancyhdr).
	cp src/slutrapport.tex /tmp/slutrapport.tex
	(cd /tmp && pdflatex -interaction=batchmode slutrapport.tex >/dev/null)
	mv /tmp/slutrapport.pdf slutrapport.latex.pdf
	# qpdf 11: the LibreOffice report with restrictions only (empty user
	# password) under each standard security handler, and with a password.
	qpdf --allow-weak-crypto --encrypt "" agare 40 --print=n --modify=n --extract=n --annotate=n -- slutrapport.libreoffice.pdf slutrapport.rc4-40.pdf
	qpdf --allow-weak-crypto --encrypt "" agare 128 --use-aes=n --print=none --modify=none --extract=n -- slutrapport.libreoffice.pdf slutrapport.rc4-128.pdf
	qpdf --allow-weak-crypto --encrypt "" agare 128 --use-aes=y --print=none --modify=none --extract=n -- slutrapport.libreoffice.pdf slutrapport.aes-128.pdf
	qpdf --encrypt "" agare 256 --print=none --modify=none --extract=n -- slutrapport.libreoffice.pdf slutrapport.aes-256.pdf
	qpdf --encrypt hemligt agare 256 -- slutrapport.libreoffice.pdf slutrapport.password.pdf
	# A "scanned" report: a screenshot of the page, printed as an image only.
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=800,1100 --screenshot=/tmp/skannad.png /tmp/slutrapport.html
	printf '<!DOCTYPE html><html><body style="margin:0"><img src="skannad.png" style="width:100%%"></body></html>' > /tmp/skannad.html
	chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf=slutrapport.scanned.pdf /tmp/skannad.html
	cd ..
}

case $what in
encodings) encodings ;;
office) office ;;
pdf) pdf ;;
all) encodings; office; pdf ;;
esac

#!/usr/bin/python3
"""Restores the [MS-WSTEP] section 4.1 sample messages (pdf-text/*.txt, the
text of the document's PDF, v20240423) to the XML the document shows:
 1. the PDF's page header and footer lines inside a message are dropped;
 2. a line the PDF wrapped inside a URI or a namespace name (a line break,
    with the indentation after it, right after '/' or '-') is joined, and the
    one end tag it split ("</Re" + "questType>") too;
 3. "&lt;<serviceDebug>&gt;" in the fault text of 4.1.4.2 (the PDF's
    rendering of the escaped "&lt;serviceDebug&gt;") becomes the latter.
Nothing else changes: base64 keeps its line breaks (white space there is
allowed), so do the indentation and the white space inside text.
Run from this directory: ./restore.py writes NAME.xml for each pdf-text/NAME.txt."""
import glob
import os
import re

HEADER = re.compile(r"\n\[MS-WSTEP\] - v20240423\nWS-Trust X\.509v3 Token Enrollment Extensions\n"
                    r"Copyright © 2024 Microsoft Corporation\nRelease: April 23, 2024\n\n(\d+ / 43\n\n)?")
FOOTER = re.compile(r"\n\n\d+ / 43\n")


def restore(text):
    text = HEADER.sub("\n", text)
    text = FOOTER.sub("\n", text)
    text = re.sub(r"(?<=[/-])\n *(?=\S)", "", text)
    text = text.replace("</Re\nquestType>", "</RequestType>")
    text = text.replace("&lt;<serviceDebug>&gt;", "&lt;serviceDebug&gt;")
    return text.strip() + "\n"


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    for src in sorted(glob.glob(os.path.join(here, "pdf-text", "*.txt"))):
        name = os.path.splitext(os.path.basename(src))[0]
        with open(src, encoding="utf-8") as f:
            xml = restore(f.read())
        with open(os.path.join(here, name + ".xml"), "w", encoding="utf-8") as f:
            f.write(xml)

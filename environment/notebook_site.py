#!/usr/bin/python3
"""Executes the course's chapters and writes them as a static site (./kit notebook --html DIR).

Usage: notebook_site.py NOTEBOOKS_DIR OUT_DIR [--kernel NAME] [--only GLOB] [--timeout SECONDS]

Writes OUT_DIR/index.html (the chapters in order, with their titles and first paragraphs) and one OUT_DIR/<chapter>.html
per chapter with its executed outputs: tables, images and interactive Plotly figures, whose plotly.js is inlined by
the kit's kernel, so the pages work offline and can be published as they are. Links between chapters (.ipynb) and to
the solutions point at the written pages. Exit status 1 when a chapter fails (its page is still written, up to the
failing cell), 0 otherwise.
"""
import argparse
import html
import pathlib
import re
import sys

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter


def title_and_summary(notebook):
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            lines = cell.source.strip().splitlines()
            title = lines[0].lstrip("# ").strip() if lines else ""
            rest = " ".join(line.strip() for line in lines[1:] if line.strip())
            summary = re.split(r"(?<=[.!?])\s", rest, maxsplit=1)[0] if rest else ""
            return title, summary
    return "", ""


def relink(page, names):
    """Links to a chapter's .ipynb (also under solutions/, or ../ from a solution) point at its page."""
    def replace(match):
        folder, stem, anchor = match.group(1), match.group(2), match.group(3) or ""
        target = ("solutions-" if folder.endswith("solutions/") else "") + stem
        return f'href="{target}.html{anchor}"' if target in names else match.group(0)
    return re.sub(r'href="((?:\.\./|solutions/)?)([^"/#]+)\.ipynb(#[^"]*)?"', replace, page)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", type=pathlib.Path)
    parser.add_argument("out", type=pathlib.Path)
    parser.add_argument("--kernel", default="comma-kit")
    parser.add_argument("--only", default="*.ipynb", help="which chapters (a glob), e.g. '0[01]_*.ipynb'")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds allowed per cell")
    args = parser.parse_args()

    sources = sorted(args.notebooks.glob(args.only))
    solutions = sorted((args.notebooks / "solutions").glob(args.only))
    if not sources:
        print(f"notebook_site.py: no chapter matches {args.only} in {args.notebooks}", file=sys.stderr)
        return 2
    pages = [(path, path.stem) for path in sources] + [(path, "solutions-" + path.stem) for path in solutions]
    names = {name for _, name in pages}
    args.out.mkdir(parents=True, exist_ok=True)
    failed = []
    entries = []
    for path, name in pages:
        print(f"[kit notebook --html] {path.relative_to(args.notebooks)}", flush=True)
        notebook = nbformat.read(path, as_version=4)
        try:
            NotebookClient(notebook, timeout=args.timeout, kernel_name=args.kernel, allow_errors=False,
                           resources={"metadata": {"path": str(path.parent.resolve())}}).execute()
        except Exception as error:  # the page keeps the cells up to the failing one
            failed.append(f"{path.name}: {type(error).__name__}")
        page, _ = HTMLExporter().from_notebook_node(notebook)
        page = relink(page, names)
        back = '<p style="margin:1em"><a href="index.html">&larr; the course</a></p>'
        page = page.replace("</body>", back + "</body>", 1)
        (args.out / (name + ".html")).write_text(page, encoding="utf-8")
        title, summary = title_and_summary(notebook)
        entries.append((name, title or name, summary))

    rows = "\n".join(
        f'<li><a href="{html.escape(name)}.html">{html.escape(title)}</a>'
        + (f"<br><small>{html.escape(summary)}</small>" if summary else "") + "</li>"
        for name, title, summary in entries if not name.startswith("solutions-"))
    solution_rows = "\n".join(
        f'<li><a href="{html.escape(name)}.html">{html.escape(title)}</a></li>'
        for name, title, _ in entries if name.startswith("solutions-"))
    index = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>COMMA kit: the course</title>
<style>body {{ font-family: sans-serif; max-width: 52em; margin: 2em auto; line-height: 1.5 }}
li {{ margin-bottom: .8em }}</style></head>
<body><h1>Prompt learning for CLIP: the course</h1>
<p>Each chapter below was executed with the COMMA kit's Java kernel; its tables, images and interactive figures are
part of the page, which works offline.</p>
<ol>
{rows}
</ol>
{"<h2>Solutions to the exercises</h2><ul>" + solution_rows + "</ul>" if solution_rows else ""}
</body></html>
"""
    (args.out / "index.html").write_text(index, encoding="utf-8")
    print(f"[kit notebook --html] {len(entries)} pages and index.html in {args.out}")
    if failed:
        print("[kit notebook --html] failed: " + "; ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Executes one Jupyter notebook headlessly (nbclient) and keeps the result for reading.

Usage: run_notebook.py NOTEBOOK OUT_DIR [--kernel NAME] [--timeout SECONDS]

Writes OUT_DIR/NAME.ipynb (executed, with outputs) and OUT_DIR/NAME.html, also when a cell fails (then up to that
cell). Exit status: 0 when every cell ran; 1 when a cell failed or the kernel died, with the error on stderr.
The kernel runs in the notebook's folder. NotebooksTest (tests/) runs this with the kit's kernel.
"""
import argparse
import pathlib
import sys

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", type=pathlib.Path)
    parser.add_argument("out_dir", type=pathlib.Path)
    parser.add_argument("--kernel", default=None, help="kernel spec name (default: the notebook's own)")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds allowed per cell")
    args = parser.parse_args()

    notebook = nbformat.read(args.notebook, as_version=4)
    options = {"timeout": args.timeout, "allow_errors": False,
               "resources": {"metadata": {"path": str(args.notebook.resolve().parent)}}}
    if args.kernel:
        options["kernel_name"] = args.kernel
    failure = None
    try:
        NotebookClient(notebook, **options).execute()
    except Exception as error:  # CellExecutionError, CellTimeoutError, DeadKernelError: all fail the notebook
        failure = error
    args.out_dir.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, args.out_dir / args.notebook.name)
    html, _ = HTMLExporter().from_notebook_node(notebook)
    (args.out_dir / (args.notebook.stem + ".html")).write_text(html, encoding="utf-8")
    if failure is not None:
        print(f"{args.notebook}: {type(failure).__name__}\n{describe(notebook, failure)}", file=sys.stderr)
        return 1
    return 0


def describe(notebook, failure):
    """The failing cell and the kernel's own traceback (its error output), else nbclient's message."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                rule = "-" * 18
                return "\n".join([f"Cell [{cell.get('execution_count')}]:", rule, cell.source, rule]
                                 + list(output.get("traceback", [])))
    return str(failure)


if __name__ == "__main__":
    sys.exit(main())

"""Executes one notebook in a Jupyter kernel with nbclient and writes the executed copy.

Run: JUPYTER_PATH=<prefix> /usr/bin/python3 run_notebook.py KERNEL NOTEBOOK OUT.ipynb CELL_TIMEOUT_SECONDS
Every code cell runs, in order, in one kernel, even after a cell fails (allow_errors): the test reads the outputs and
names each problem. The kernel starts in the notebook's folder, as VS Code starts it, so relative #r and #load resolve.
Prints "run_notebook: {"startup": seconds, "cells": seconds}" (the kernel's own log shares stdout and stderr, hence the
prefix). Exit 0 when every cell ran; 2, with the executed part written and "run_notebook: STOPPED cell N: reason", when a
cell exceeded the time limit or the kernel died.
"""
import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError


def main(kernel, notebook, out, cell_timeout):
    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(nb, kernel_name=kernel, timeout=cell_timeout, startup_timeout=180, allow_errors=True,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(notebook))}})
    started = time.monotonic()
    stopped = None
    with client.setup_kernel():
        ready = time.monotonic()
        for index, cell in enumerate(nb.cells):
            try:
                client.execute_cell(cell, index)
            except (CellTimeoutError, DeadKernelError) as e:
                stopped = f"STOPPED cell {index + 1}: {type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''}"
                break
        finished = time.monotonic()
    nbformat.write(nb, out)
    print("run_notebook: " + json.dumps({"startup": round(ready - started, 2), "cells": round(finished - ready, 2)}), flush=True)
    if stopped:
        print("run_notebook: " + stopped, flush=True)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])))

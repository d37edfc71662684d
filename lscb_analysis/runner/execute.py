"""Run one notebook with papermill in a kernel of its own, and say where and how it failed.

Two fixes to papermill are kept on purpose:

* the kernel is started in the notebooks folder (given at launch), not through papermill's ``cwd``,
  which does ``os.chdir`` in this whole process: with notebooks running in threads, one notebook's
  change back could land while another's kernel was starting in the wrong folder;
* kernels talk over Unix sockets (``ipc``) with names of their own, not TCP ports: kernels started at
  the same moment could pick the same free port (papermill #511).

A failure is described without any value from the data: the exception's type, and its text only when
it is a :class:`lscb_analysis.core.errors.SafeMessage` (see :func:`failure_text`).
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from lscb_analysis.runner.kernels import ForkProvisioner, Template
from lscb_analysis.runner.model import DEFAULT_CELL_TIMEOUT, CellFailure, Notebook, NotebookResult

# papermill and nbconvert import nbformat, which imports jsonschema, which (when the optional
# rfc3987-syntax package is installed) builds a parser for every RFC 3987 rule at import: about 1.6 s
# of CPU for IRI format checks nbformat never makes. Mark it absent unless jsonschema is loaded already.
if "jsonschema" not in sys.modules:
    sys.modules.setdefault("rfc3987_syntax", None)

__all__ = ["DEFAULT_KERNEL", "WITHHELD", "default_kernel", "execute", "failure_text", "redact_notebook"]

DEFAULT_KERNEL = "lscb-analysis"
WITHHELD = "details withheld: may contain data; see the reviewer notebook kept owner-only"
_ENGINE = "lscb"


def default_kernel() -> str:
    """``lscb-analysis`` if that kernelspec is installed (``make setup`` installs it), else ``python3``."""
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        names = KernelSpecManager().find_kernel_specs()
    except Exception:  # noqa: BLE001 - no jupyter_client: papermill will say so when it runs
        return "python3"
    return DEFAULT_KERNEL if DEFAULT_KERNEL in names else "python3"


def _safe_names() -> frozenset[str]:
    """Class names of the library's value-free errors (the modules that define them imported first)."""
    import importlib

    from lscb_analysis.core import errors

    for module in ("lscb_analysis.inputs.clean", "lscb_analysis.inputs.cin_xml"):
        try:
            importlib.import_module(module)
        except Exception:  # noqa: BLE001 - a module that cannot import defines no safe class here
            pass
    return errors.safe_class_names()


def failure_text(ename: str, evalue: str, withheld: str = WITHHELD) -> str:
    """How an exception is named in a failure report: ``"<type>: <first line>"`` when ``ename`` is a
    :class:`~lscb_analysis.core.errors.SafeMessage` class, else ``"<type>: details withheld: ..."``
    (the text of other exceptions may quote a value from the data: a child's identifier or date of
    birth echoed from a file without its header)."""
    ename = (ename or "Error").strip()
    if ename in _safe_names():
        first = next((line.strip() for line in str(evalue).splitlines() if line.strip()), "")
        return f"{ename}: {first}" if first else ename
    return f"{ename}: {withheld}"


def _describe_exception(exc: BaseException, timeout: float) -> str:
    name = type(exc).__name__
    if name == "PapermillExecutionError":
        return failure_text(exc.ename, str(getattr(exc, "evalue", "")))
    if name == "CellTimeoutError" or isinstance(exc, TimeoutError):
        return f"the cell ran longer than the {timeout:g} s limit"
    if name == "DeadKernelError":
        return "the kernel died (see the kernel log kept owner-only)"
    if isinstance(exc, OSError) and exc.strerror:
        return f"{name}: {exc.strerror}" + (f": {exc.filename}" if exc.filename else "")
    return failure_text(name, str(exc))


def _kernel_manager_class(log_path: Path, cwd: Path, template: Template | None = None):
    """An AsyncKernelManager that starts the kernel in ``cwd`` over ipc sockets and sends its own
    stdout/stderr (start-up chatter, crash messages) to ``log_path`` instead of the terminal; forked
    from ``template`` when one is given and serves the kernel (:mod:`lscb_analysis.runner.kernels`)."""
    from jupyter_client.manager import AsyncKernelManager

    class _LoggedKernelManager(AsyncKernelManager):
        async def start_kernel(self, **kw):  # type: ignore[override]
            if os.name == "posix":
                self.transport = "ipc"
                self.ip = os.path.join(tempfile.gettempdir(), f"lscb-kernel-{uuid.uuid4().hex[:16]}")
            if template is not None and self.provisioner is None:
                self.kernel_id = self.kernel_id or kw.pop("kernel_id", None) or str(uuid.uuid4())
                self.provisioner = ForkProvisioner(template=template, log_path=str(log_path),
                                                   kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
            kw["cwd"] = str(cwd)
            f = open(log_path, "ab")  # noqa: SIM115 - the child keeps its own copy of the descriptor
            kw.setdefault("stdout", f)
            kw.setdefault("stderr", f)
            try:
                return await super().start_kernel(**kw)
            finally:
                f.close()

    return _LoggedKernelManager


def _register_engine() -> None:
    """The papermill engine ``lscb``: papermill's own (nbclient), except that the executed notebook is
    written when the notebook starts and ends (papermill writes it in a ``finally``, so a failed
    notebook is saved with its error), not before and after every cell; and a cell interrupted by a
    timeout or a dead kernel is marked failed (papermill would mark it completed)."""
    from papermill.engines import NBClientEngine, papermill_engines

    if _ENGINE in _registered:
        return

    class Engine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
            save, start, complete = nb_man.save, nb_man.cell_start, nb_man.cell_complete
            in_cell = threading.local()

            def quiet_save(**kw):
                if not getattr(in_cell, "flag", False):
                    save(**kw)

            def cell_start(cell, cell_index=None, **kw):
                in_cell.flag = True
                try:
                    return start(cell, cell_index, **kw)
                finally:
                    in_cell.flag = False

            def cell_complete(cell, cell_index=None, **kw):
                if sys.exc_info()[1] is not None:  # called in papermill's ``finally``
                    cell.metadata.setdefault("papermill", {})["status"] = "failed"
                in_cell.flag = True
                try:
                    return complete(cell, cell_index, **kw)
                finally:
                    in_cell.flag = False

            nb_man.save, nb_man.cell_start, nb_man.cell_complete = quiet_save, cell_start, cell_complete
            return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)

    papermill_engines.register(_ENGINE, Engine)
    _registered.add(_ENGINE)


_registered: set[str] = set()


def _locate_failure(executed: Path, exc: BaseException, timeout: float) -> CellFailure:
    """Find the failing cell in the executed notebook papermill saved."""
    import nbformat

    error = _describe_exception(exc, timeout)
    try:
        nb = nbformat.read(executed, as_version=4)
    except Exception:  # noqa: BLE001 - the notebook was never written (kernel did not start)
        return CellFailure(None, None, None, "", error)
    skip = {"injected-parameters", "papermill-error-cell-tag"}
    position = 0
    for cell in nb.cells:
        if set(cell.metadata.get("tags", [])) & skip:
            continue
        position += 1
        if cell.cell_type != "code":
            continue
        status = cell.metadata.get("papermill", {}).get("status")
        errored = any(o.get("output_type") == "error" for o in cell.get("outputs", []))
        if errored or status in ("failed", "running"):
            first = next((line.strip() for line in cell.source.splitlines() if line.strip()), "")
            return CellFailure(position, cell.get("execution_count"), cell.get("id"), first[:120], error)
    return CellFailure(None, None, None, "", error)


def execute(notebook: Notebook, output: Path, parameters: dict, *, kernel: str, cwd: Path,
            cell_timeout: float = DEFAULT_CELL_TIMEOUT, year: str = "", template: Template | None = None
            ) -> NotebookResult:
    """Run one notebook with papermill; never raises for a failure inside the notebook. With a ``template``
    (:mod:`lscb_analysis.runner.kernels`) its kernel is forked from it rather than started afresh."""
    import papermill

    output.parent.mkdir(parents=True, exist_ok=True)
    log_path = output.with_suffix(".kernel.log")
    _register_engine()
    start = time.monotonic()
    try:
        papermill.execute_notebook(
            str(notebook.path), str(output), parameters=parameters, kernel_name=kernel, engine_name=_ENGINE,
            execution_timeout=cell_timeout, progress_bar=False, log_output=False,
            kernel_manager_class=_kernel_manager_class(log_path, cwd, template),
            # the outputs are in hand: stop the kernel at once rather than wait for it to tear down
            shutdown_kernel="immediate",
        )
    except Exception as exc:  # noqa: BLE001 - any failure stops this notebook only
        return NotebookResult(notebook, year, False, time.monotonic() - start, output if output.exists() else None,
                              log_path if log_path.exists() else None, _locate_failure(output, exc, cell_timeout))
    return NotebookResult(notebook, year, True, time.monotonic() - start, output,
                          log_path if log_path.exists() else None)


def redact_notebook(source: Path, dest: Path) -> None:
    """Copy an executed notebook with the outputs of every cell that raised replaced by one error
    output naming the exception's type (its text only when value-free, see :func:`failure_text`),
    with no traceback: what a failure folder beside the published report may keep."""
    import nbformat

    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if not errors:
            continue
        e = errors[-1]
        cell.outputs = [nbformat.v4.new_output("error", ename=e.get("ename", "Error"),
                                               evalue=failure_text(e.get("ename", ""), e.get("evalue", ""))
                                               .split(": ", 1)[-1], traceback=[])]
    nbformat.write(nb, dest)

"""The run's kernels, forked from one template process that has imported the libraries once.

Every notebook of a run begins with the same imports (pandas, numpy, scipy, matplotlib, seaborn and this
library): about 2 s of CPU in a fresh kernel, paid 14 times a year by a run. A **template** process imports
them once. Each notebook's kernel is then a fork of it which starts ipykernel exactly as
``python -m ipykernel_launcher -f <connection file>`` does, in the folder, with the environment and with
the output file that jupyter_client chose for it. papermill and nbclient talk to it over the same sockets
as to any kernel.

What a forked kernel shares with the others is only what the imports made: a fork is a copy of the
template's memory, so nothing one notebook does is seen by another, and each kernel is its own process in
its own session (as jupyter_client starts kernels), stopped or interrupted by signals as usual.

The fork is used only where it gives the same kernel as a fresh start:

* on a system with ``os.fork`` (Linux, macOS);
* when the kernel spec runs ``<python> [options] -m ipykernel_launcher -f {connection_file}`` (what
  ``ipykernel install`` writes); the template runs that same python with the same options;
* unless ``LSCB_KERNELS=spawn`` is set (then every kernel starts afresh, as without this module).

Anything else, or a template that failed to start, and the kernel is started by jupyter_client as usual.

How the pieces fit: :class:`Template` starts the template process and asks it, one request at a time,
for a kernel (``{"cwd", "env", "log", "argv"}`` as a JSON line; it answers ``{"pid", "start"}``).
:class:`ForkProvisioner` is jupyter_client's own local provisioner with only its launch replaced, so
interrupts, kills and waits go through jupyter_client's code, to a process handle (:class:`ForkedKernel`)
that watches a process this one did not start (the template reaps its children).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

__all__ = ["PRELOAD", "ForkProvisioner", "ForkedKernel", "Template", "fork_wanted"]

# imported once by the template; a module missing here is simply imported by the kernel that needs it
PRELOAD = (
    "IPython", "ipykernel.kernelapp", "ipykernel.ipkernel", "matplotlib_inline.backend_inline",
    "numpy", "pandas", "scipy.stats", "matplotlib.pyplot", "seaborn", "pyarrow.parquet",
    "lscb_analysis.report", "lscb_analysis.report.overview", "lscb_analysis.report.plots",
    "lscb_analysis.core.suppression", "lscb_analysis.inputs.clean", "lscb_analysis.inputs.config",
    "lscb_analysis.inputs.dfe", "lscb_analysis.sections.child_protection", "lscb_analysis.sections.child_deaths",
    "lscb_analysis.sections.youth_justice", "lscb_analysis.sections.training",
)
_LAUNCHER = ["-m", "ipykernel_launcher", "-f"]
_READY_SECONDS = 120.0  # the template's imports: a few seconds; past this it is given up


def fork_wanted() -> bool:
    """Whether kernels may be forked from a template here (``os.fork`` exists, ``LSCB_KERNELS`` is not
    ``spawn``)."""
    return hasattr(os, "fork") and os.environ.get("LSCB_KERNELS", "").strip().lower() != "spawn"


def template_for(kernel: str) -> Template | None:
    """A started :class:`Template` for the kernel spec named ``kernel``, or None where kernels are not forked
    (:func:`fork_wanted`, a command other than ipykernel's launcher, an unknown kernel spec)."""
    if not fork_wanted():
        return None
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        python = interpreter(KernelSpecManager().get_kernel_spec(kernel).argv)
    except Exception:  # noqa: BLE001 - papermill says what is wrong with the kernel when it starts it
        return None
    return Template(python) if python else None


def interpreter(argv: list[str]) -> list[str] | None:
    """The interpreter part of a kernel spec's command (``[python, options...]``) when the command is
    ``<python> [options] -m ipykernel_launcher -f <file>``, else None."""
    if len(argv) >= 5 and argv[-4:-1] == _LAUNCHER:
        return list(argv[:-4])
    return None


class Template:
    """The template process of one run (module docstring). ``fork`` is safe from several threads: the
    requests are answered one at a time. Use as a context manager, or call :meth:`close`."""

    def __init__(self, python: list[str]):
        self.python = list(python)
        self._lock = threading.Lock()
        self._ready = False
        self._failed = False
        env = dict(os.environ)
        env.pop("JPY_PARENT_PID", None)
        try:
            self._proc = subprocess.Popen(
                [*self.python, "-m", "lscb_analysis.runner.kernels"], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, start_new_session=True)
        except OSError:
            self._proc = None
            self._failed = True

    def running(self) -> bool:
        """True while the template can fork kernels (it started, and has not failed or been closed)."""
        return not self._failed and self._proc is not None and self._proc.poll() is None

    def serves(self, argv: list[str]) -> bool:
        """True when a kernel with this command can be forked from this template."""
        return not self._failed and interpreter(argv) == self.python

    def fork(self, argv: list[str], cwd: str, env: dict[str, str], log: str) -> tuple[int, str]:
        """Fork a kernel running ``argv``'s connection file in ``cwd`` with ``env``, its output appended to
        ``log``: its process id and start time (to tell it from a later process given the same id).
        Raises ``OSError`` if the template cannot (the caller then starts the kernel as usual)."""
        request = json.dumps({"argv": list(argv), "cwd": str(cwd), "env": dict(env), "log": str(log)})
        with self._lock:
            if self._failed or self._proc is None:
                raise OSError("the kernel template is not running")
            try:
                if not self._ready:
                    self._await_ready()
                self._proc.stdin.write(request.encode() + b"\n")
                self._proc.stdin.flush()
                answer = json.loads(self._proc.stdout.readline() or b"{}")
            except (OSError, ValueError) as exc:
                self._failed = True
                raise OSError(f"the kernel template stopped answering ({type(exc).__name__})") from exc
            if "pid" not in answer:
                raise OSError(answer.get("error", "the kernel template gave no process"))
            return int(answer["pid"]), str(answer.get("start", ""))

    def _await_ready(self) -> None:
        import selectors

        with selectors.DefaultSelector() as sel:
            sel.register(self._proc.stdout, selectors.EVENT_READ)
            if not sel.select(_READY_SECONDS):
                raise OSError("the kernel template did not start in time")
        if self._proc.stdout.readline().strip() != b"ready":
            raise OSError("the kernel template did not start")
        self._ready = True

    def close(self) -> None:
        """Stop the template (its kernels stop with it: they watch their parent, as ipykernel does)."""
        proc, self._proc, self._failed = self._proc, None, True
        if proc is None:
            return
        try:
            proc.stdin.close()
            proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()
        finally:
            proc.stdout.close()

    def __enter__(self) -> Template:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _start_time(pid: int) -> str | None:
    """The start time of process ``pid`` from ``/proc`` ("" where there is no ``/proc``), or None when it has
    ended (no such process, or a zombie waiting for its parent)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
        return ""
    fields = stat[stat.rindex(")") + 2:].split()
    return None if fields[0] in ("Z", "X") else fields[19]


class ForkedKernel:
    """What jupyter_client asks of a kernel process (``subprocess.Popen``'s ``poll``, ``wait``,
    ``send_signal``, ``kill``, ``terminate``, ``pid``) for a kernel forked by the template: a child of the
    template, not of this process, so it is watched through ``/proc`` (its id and start time) rather than
    waited for. Its exit status is the template's: ``returncode`` is -1 once it has ended."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int, start: str):
        self.pid = pid
        self.start = start
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            now = _start_time(self.pid)
            if now is None or (self.start and now and now != self.start):
                self.returncode = -1
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            time.sleep(0.01)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _provisioner_class():
    from jupyter_client.provisioning import LocalProvisioner

    class _ForkProvisioner(LocalProvisioner):
        """jupyter_client's local provisioner, launching by :meth:`Template.fork` when the template serves
        the kernel's command (else as usual). ``template`` and ``log`` are set by the kernel manager."""

        template: Template | None = None
        log_path: str = os.devnull

        async def launch_kernel(self, cmd: list[str], **kwargs):
            template = self.template
            if template is None or not template.serves(cmd):
                return await super().launch_kernel(cmd, **kwargs)
            cwd = str(kwargs.get("cwd") or os.getcwd())
            env = dict(kwargs.get("env") or os.environ)
            try:
                pid, start = template.fork(cmd, cwd, env, self.log_path)
            except OSError:
                return await super().launch_kernel(cmd, **kwargs)
            self.process = ForkedKernel(pid, start)
            self.pid = self.pgid = pid  # the kernel leads its own session and process group
            self.cwd = cwd
            return self.connection_info

    return _ForkProvisioner


def ForkProvisioner(*, template: Template | None, log_path: str, **kwargs):  # noqa: N802 - a class, built lazily
    """A provisioner for one kernel (jupyter_client imported only when a kernel is started)."""
    provisioner = _provisioner_class()(**kwargs)
    provisioner.template = template
    provisioner.log_path = str(log_path)
    return provisioner


# ---------------------------------------------------------------------------------------------
# the template process
# ---------------------------------------------------------------------------------------------

def _reap(signum, frame) -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _kernel(request: dict) -> None:
    """In the forked child: become the kernel ``request`` describes; never returns."""
    code = 1
    try:
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        null = os.open(os.devnull, os.O_RDONLY)
        out = os.open(request["log"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.dup2(null, 0)
        os.dup2(out, 1)
        os.dup2(out, 2)
        os.close(null)
        os.close(out)
        os.chdir(request["cwd"])
        env = dict(request["env"])
        env["JPY_PARENT_PID"] = str(os.getppid())
        os.environ.clear()
        os.environ.update(env)
        argv = request["argv"]
        sys.argv = [argv[-3], *argv[-2:]]  # as ipykernel_launcher sees them: [module, "-f", file]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance(argv=argv[-2:])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001 - reported in the kernel log, as a crashed kernel's would be
        import traceback

        traceback.print_exc()
    finally:
        try:
            import atexit

            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _serve() -> None:
    """The template: import :data:`PRELOAD`, say ``ready``, then fork a kernel for each request line."""
    os.environ["JPY_PARENT_PID"] = str(os.getpid())  # read by ipykernel at import: its kernels watch us
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")  # as ipykernel sets it
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]  # as ipykernel_launcher does; IPython puts the kernel's folder back
    import importlib

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the kernel that needs it imports it, and fails there if it must
            pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # stopped by the run, never by a Ctrl-C meant for the run
    signal.signal(signal.SIGCHLD, _reap)
    answers = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # nothing the imports print reaches the answers
    answers.write("ready\n")
    for line in sys.stdin:
        try:
            request = json.loads(line)
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
        except (ValueError, OSError) as exc:
            answers.write(json.dumps({"error": type(exc).__name__}) + "\n")
            continue
        if pid == 0:
            answers.close()
            _kernel(request)
        answers.write(json.dumps({"pid": pid, "start": _start_time(pid) or ""}) + "\n")


if __name__ == "__main__":
    _serve()

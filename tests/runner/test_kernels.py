"""Kernels forked from one template process (lscb_analysis.runner.kernels): each notebook still gets a
kernel of its own, in its own folder and environment, that stops, times out and logs as a fresh one."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import nbformat
import pytest

from lscb_analysis.runner import kernels
from lscb_analysis.runner.execute import default_kernel, execute
from lscb_analysis.runner.model import Notebook

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="kernels are forked only where os.fork exists")


def _notebook(path: Path, *sources: str) -> Notebook:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": default_kernel(), "display_name": "Python", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("area = ''", metadata={"tags": ["parameters"]}),
                *[nbformat.v4.new_code_cell(s) for s in sources]]
    nbformat.write(nb, path)
    return Notebook(path, int(path.name[:2]), path.stem[3:])


def _printed(executed: Path) -> dict:
    """The JSON the notebook's last cell printed."""
    nb = nbformat.read(executed, as_version=4)
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("output_type") == "stream")
    return json.loads(text)


@pytest.fixture(scope="module")
def template():
    t = kernels.template_for(default_kernel())
    if t is None:
        pytest.skip("the kernel spec is not ipykernel's launcher: kernels start afresh")
    yield t
    t.close()


REPORT = """import json, os, sys
print(json.dumps({"pid": os.getpid(), "ppid": os.getppid(), "cwd": os.getcwd(), "mark": os.environ.get("LSCB_TEST_MARK"),
                  "leftover": "left_by_the_first" in globals(), "module_attr": hasattr(json, "left_by_the_first"),
                  "pandas_loaded": "pandas" in sys.modules, "pgid": os.getpgid(0)}))"""


def test_each_notebook_gets_its_own_clean_kernel_in_the_given_folder_and_environment(tmp_path, template, monkeypatch):
    monkeypatch.setenv("LSCB_TEST_MARK", "from-the-runner")
    work = tmp_path / "notebooks"
    work.mkdir()
    first = _notebook(tmp_path / "01_first.ipynb", "import json\nleft_by_the_first = 1\njson.left_by_the_first = 1",
                      REPORT)
    second = _notebook(tmp_path / "02_second.ipynb", REPORT)
    a = execute(first, tmp_path / "out" / "01.ipynb", {"area": "x"}, kernel=default_kernel(), cwd=work,
                template=template)
    b = execute(second, tmp_path / "out" / "02.ipynb", {"area": "x"}, kernel=default_kernel(), cwd=work,
                template=template)
    assert a.ok and b.ok, (a.failure, b.failure)
    one, two = _printed(a.executed), _printed(b.executed)
    template_pid = template._proc.pid
    assert one["ppid"] == two["ppid"] == template_pid  # forked from the template...
    assert one["pid"] != two["pid"]  # ... a process each
    assert one["pgid"] == one["pid"]  # in a session of its own (signals reach the kernel only)
    assert one["cwd"] == two["cwd"] == str(work)
    assert one["mark"] == two["mark"] == "from-the-runner"
    assert one["leftover"] is True and one["module_attr"] is True  # the first notebook saw its own work
    assert two["leftover"] is False and two["module_attr"] is False  # the second saw none of it
    assert two["pandas_loaded"] is True  # imported once, by the template
    time.sleep(0.2)
    assert kernels.ForkedKernel(one["pid"], "").poll() is not None  # stopped once its notebook finished


def test_a_cell_past_its_time_limit_is_interrupted_and_reported(tmp_path, template):
    nb = _notebook(tmp_path / "01_slow.ipynb", "import time\ntime.sleep(60)")
    started = time.monotonic()
    result = execute(nb, tmp_path / "out.ipynb", {"area": "x"}, kernel=default_kernel(), cwd=tmp_path,
                     cell_timeout=2, template=template)
    assert not result.ok
    assert result.failure.error == "the cell ran longer than the 2 s limit"
    assert time.monotonic() - started < 30


def test_the_kernel_s_own_output_goes_to_its_log(tmp_path, template):
    nb = _notebook(tmp_path / "01_log.ipynb", "import os\nos.write(2, b'written-to-fd-2\\n')")
    result = execute(nb, tmp_path / "out.ipynb", {"area": "x"}, kernel=default_kernel(), cwd=tmp_path,
                     template=template)
    assert result.ok
    assert b"written-to-fd-2" in result.kernel_log.read_bytes()


def test_a_failure_inside_a_forked_kernel_is_reported_as_in_a_fresh_one(tmp_path, template):
    nb = _notebook(tmp_path / "01_fail.ipynb", "x = 1", "raise KeyError('NHS 943 476 5919')")
    result = execute(nb, tmp_path / "out.ipynb", {"area": "x"}, kernel=default_kernel(), cwd=tmp_path,
                     template=template)
    assert not result.ok
    assert result.failure.cell == 3
    assert "943" not in result.failure.error and result.failure.error.startswith("KeyError")


def test_kernels_stop_when_their_template_does(tmp_path):
    from jupyter_client.connect import write_connection_file
    from jupyter_client.kernelspec import KernelSpecManager

    t = kernels.template_for(default_kernel())
    if t is None:
        pytest.skip("kernels start afresh here")
    argv = KernelSpecManager().get_kernel_spec(default_kernel()).argv
    conn, _ = write_connection_file(str(tmp_path / "kernel.json"), transport="ipc", ip=str(tmp_path / "k"))
    cmd = [a.replace("{connection_file}", conn) for a in argv]
    try:
        pid, start = t.fork(cmd, str(tmp_path), dict(os.environ), str(tmp_path / "kernel.log"))
        kernel = kernels.ForkedKernel(pid, start)
        time.sleep(0.5)
        assert kernel.poll() is None  # a kernel waiting for a client
    finally:
        t.close()
    kernel.wait(timeout=15)  # ipykernel watches its parent (once a second) and stops when it has gone
    assert kernel.poll() == -1


def test_only_ipykernel_s_launcher_is_forked_and_spawn_switches_it_off(monkeypatch):
    py = [sys.executable, "-Xfrozen_modules=off"]
    assert kernels.interpreter([*py, "-m", "ipykernel_launcher", "-f", "{connection_file}"]) == py
    assert kernels.interpreter([sys.executable, "-m", "ipykernel_launcher", "-f", "c.json"]) == [sys.executable]
    assert kernels.interpreter(["R", "--slave", "-e", "IRkernel::main()", "--args", "c.json"]) is None
    assert kernels.interpreter([sys.executable, "-m", "other_kernel", "-f", "c.json"]) is None
    monkeypatch.setenv("LSCB_KERNELS", "spawn")
    assert kernels.fork_wanted() is False
    assert kernels.template_for(default_kernel()) is None


def test_a_template_that_cannot_start_serves_nothing():
    t = kernels.Template([os.path.join(os.sep, "no", "such", "python")])
    assert not t.serves(["/no/such/python", "-m", "ipykernel_launcher", "-f", "c.json"])
    with pytest.raises(OSError):
        t.fork(["/no/such/python", "-m", "ipykernel_launcher", "-f", "c.json"], "/", {}, os.devnull)
    t.close()

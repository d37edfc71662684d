"""Running one notebook (lscb_analysis.runner.execute): the kernel chosen."""

from __future__ import annotations

from lscb_analysis.runner.execute import default_kernel


def test_default_kernel_is_the_project_kernel_when_installed():
    from jupyter_client.kernelspec import KernelSpecManager

    installed = "lscb-analysis" in KernelSpecManager().find_kernel_specs()
    assert default_kernel() == ("lscb-analysis" if installed else "python3")

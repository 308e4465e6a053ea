"""Shared by the tests: a free loopback port, waiting for a server's answer, a clean stop; solution lines."""
import os
import signal
import socket
import subprocess
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_url(url: str, server: subprocess.Popen, timeout: float = 60.0) -> bytes:
    """The body at ``url`` once the server answers; fails if it exits or ``timeout`` passes first."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return urllib.request.urlopen(url, timeout=5).read()
        except OSError:
            assert server.poll() is None, "the server exited early"
            assert time.monotonic() < deadline, f"no answer from {url} within {timeout} s"
            time.sleep(0.5)


def stop(server: subprocess.Popen) -> None:
    """Terminate the server's whole process group; kill it if it does not stop within 15 s."""
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def solution_lines(cell_source: str) -> list[str]:
    """The non-empty lines inside the ``# BEGIN SOLUTION`` ... ``# END SOLUTION`` regions of a cell, stripped."""
    lines, inside = [], False
    for line in cell_source.splitlines():
        if line.strip() == "# BEGIN SOLUTION":
            inside = True
        elif line.strip() == "# END SOLUTION":
            inside = False
        elif inside and line.strip():
            lines.append(line.strip())
    return lines

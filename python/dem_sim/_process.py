"""The ``dem-sim env --stdio`` child process: one JSON request per line, one JSON answer per line."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
from typing import Any, Sequence

from .errors import DemSimError

#: The environment variable that names the command starting dem-sim (e.g. ``node /path/to/dist/cli.js``).
COMMAND_VARIABLE = "DEM_SIM_COMMAND"


def resolve_command(command: Sequence[str] | str | None) -> list[str]:
    """The command that starts dem-sim: the one given, else ``$DEM_SIM_COMMAND``, else ``dem-sim`` on the PATH."""
    if command is None:
        command = os.environ.get(COMMAND_VARIABLE)
    if command is None:
        found = shutil.which("dem-sim")
        if found is None:
            raise DemSimError(
                "CommandNotFound",
                f"no dem-sim command: install it (npm install -g dem-sim), or set {COMMAND_VARIABLE}, "
                "e.g. to 'node node_modules/dem-sim/dist/cli.js', or pass command=",
            )
        return [found]
    return shlex.split(command) if isinstance(command, str) else list(command)


class EnvProcess:
    """A running ``dem-sim env --stdio``; ``request`` sends one message and returns its answer."""

    def __init__(self, command: Sequence[str], cwd: str | None = None) -> None:
        try:
            self._child = subprocess.Popen(
                [*command, "env", "--stdio"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=cwd,
                text=True,
                encoding="utf-8",
                bufsize=1,
            )
        except OSError as error:
            raise DemSimError("CommandNotFound", f"cannot start {shlex.join(command)}: {error}") from error

    def request(self, message: dict[str, Any]) -> dict[str, Any]:
        """Sends ``message``; returns the answer, or raises the answer's error as a :class:`DemSimError`."""
        child = self._child
        if child.poll() is not None or child.stdin is None or child.stdout is None:
            raise DemSimError("ProcessExited", f"dem-sim env exited with status {child.poll()}{self._stderr()}")
        try:
            child.stdin.write(json.dumps(message, separators=(",", ":")) + "\n")
            child.stdin.flush()
            line = child.stdout.readline()
        except (BrokenPipeError, OSError) as error:
            raise DemSimError("ProcessExited", f"dem-sim env stopped: {error}{self._stderr()}") from error
        if line == "":
            child.wait()
            raise DemSimError("ProcessExited", f"dem-sim env exited with status {child.returncode}{self._stderr()}")
        answer = json.loads(line)
        if answer.get("type") == "error":
            details = {k: v for k, v in answer.items() if k not in ("type", "name", "message", "id")}
            raise DemSimError(answer.get("name", "Error"), answer.get("message", ""), details)
        return answer

    def close(self) -> None:
        """Asks the process to end and waits for it (kills it if it does not end within 10 s)."""
        child = self._child
        if child.poll() is None:
            try:
                self.request({"type": "close"})
            except DemSimError:
                pass
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        for stream in (child.stdin, child.stdout, child.stderr):
            if stream is not None:
                stream.close()

    def _stderr(self) -> str:
        if self._child.poll() is None or self._child.stderr is None:
            return ""
        text = self._child.stderr.read().strip()
        return f"; stderr: {text}" if text else ""


def builtin_mechanisms(command: Sequence[str] | str | None = None) -> list[str]:
    """The names of dem-sim's built-in clearing mechanisms, asked of the CLI.

    >>> builtin_mechanisms()  # doctest: +SKIP
    ['oracle-price', 'pay-as-clear', 'pay-as-bid']
    """
    process = EnvProcess(resolve_command(command))
    try:
        return list(process.request({"type": "mechanisms"})["mechanisms"])
    finally:
        process.close()

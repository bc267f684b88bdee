"""Serving the application with uvicorn on a socket bound first, so a port in use is a clear error."""

import errno
import gc
import socket

import uvicorn
from starlette.applications import Starlette

from scheduler.errors import OutputError


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on host:port; OutputError when the port is taken or not ours to use."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as err:
        sock.close()
        if err.errno == errno.EADDRINUSE:
            raise OutputError("Port {port} on {host} is already in use: stop what runs there, or give "
                                "another port with --port.", port=port, host=host) from err
        raise OutputError("Cannot listen on {host}:{port}: {reason}; check --host and --port.", host=host, port=port,
                          reason=err.strerror or err) from err
    return sock


def serve(app: Starlette, sock: socket.socket) -> None:
    """Serve ``app`` on ``sock`` until interrupted (Ctrl-C, SIGTERM), with the cycle collector
    on: the command-line entry point turns it off for commands, which end soon."""
    gc.enable()
    config = uvicorn.Config(app, log_level="warning", access_log=False, proxy_headers=True)
    uvicorn.Server(config).run(sockets=[sock])

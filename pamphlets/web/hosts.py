"""The names a browser may reach the bookbuilder by: a request naming any other host
is refused (a web page that points its own name at this machine, "DNS rebinding")."""

from __future__ import annotations

import ipaddress
import socket

from .app import LOCAL_HOSTS


def is_local(host: str) -> bool:
    """Whether ``host`` is this machine only (a loopback address, or localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def machine_names(host: str) -> tuple[str, ...]:
    """The names a browser may use for this server: this machine's own, the address it
    listens on, and on the network the host name and the addresses others reach it by."""
    names = [*LOCAL_HOSTS]
    if host not in ("0.0.0.0", "::"):
        names.append(host)
    if not is_local(host):
        names += [socket.gethostname(), socket.getfqdn()]
        try:
            names += socket.gethostbyname_ex(socket.gethostname())[2]
        except OSError:
            pass
        try:  # the address of the way out (no packet is sent)
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                probe.connect(("192.0.2.1", 9))
                names.append(probe.getsockname()[0])
        except OSError:
            pass
    return tuple(dict.fromkeys(n for n in names if n))

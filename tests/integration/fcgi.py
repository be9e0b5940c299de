"""A FastCGI client of a few lines, to ask one of our programs directly on
its socket (tests that start a program by hand, outside nginx).

    status, headers, body = fcgi_get("/tmp/x/qr.sock", "/qr/pubkey")
"""
import socket
import struct

BEGIN, PARAMS, STDIN, STDOUT, END = 1, 4, 5, 6, 3


def _record(kind, content, request_id=1):
    return struct.pack(">BBHHBx", 1, kind, request_id, len(content), 0) + content


def _pair(name, value):
    name, value = name.encode(), value.encode()
    length = (lambda n: bytes([n]) if n < 128 else struct.pack(">I", n | 0x80000000))
    return length(len(name)) + length(len(value)) + name + value


def fcgi_get(sock_path, path, query="", headers=None, timeout=10):
    """GET path through the socket: (status, {header: value}, body bytes)."""
    params = {"REQUEST_METHOD": "GET", "DOCUMENT_URI": path, "QUERY_STRING": query,
              "REMOTE_ADDR": "127.0.0.9", "HTTP_HOST": "localhost"}
    params.update(headers or {})
    body = b"".join(_pair(k, v) for k, v in params.items())
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(sock_path)
    s.sendall(_record(BEGIN, struct.pack(">HB5x", 1, 0)) + _record(PARAMS, body) +
              _record(PARAMS, b"") + _record(STDIN, b""))
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    out, at = b"", 0
    while at + 8 <= len(data):
        _, kind, _, length, padding = struct.unpack(">BBHHB", data[at:at + 7])
        if kind == STDOUT:
            out += data[at + 8:at + 8 + length]
        at += 8 + length + padding
    head, _, payload = out.partition(b"\r\n\r\n")
    fields = dict(line.split(": ", 1) for line in head.decode().split("\r\n") if ": " in line)
    return int(fields.get("Status", "200").split()[0]), fields, payload

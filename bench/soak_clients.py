#!/usr/bin/env python3
"""The soak's own clients and its WebSocket upstream, on raw sockets (the standard library only).

  soak_clients.py ws-upstream PORT                 a WebSocket echo server (RFC 6455), until killed
  soak_clients.py websocket  PORT SECONDS THREADS  sessions through the proxy: upgrade, echo 20 messages, close
  soak_clients.py slowloris  PORT SECONDS THREADS  request heads sent a line every 5 s, never finished
  soak_clients.py vanish     PORT SECONDS THREADS  request bodies abandoned midway, by FIN or by RST

Each client runs for SECONDS, then prints one JSON line: its kind, counts, and errors by reason. Only the
websocket client's failures are failures; the slowloris and vanishing clients are broken on purpose, and
what they count says how the proxy treated them.
"""
import base64
import hashlib
import json
import os
import socket
import socketserver
import struct
import sys
import threading
import time
from collections import Counter

HOST = "soak.example"
GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC11B65"


def read_head(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("closed before the end of the head")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    return head.decode("latin-1"), rest


def recv_exact(sock, n, buffered=b""):
    data = buffered
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("closed in the middle of a frame")
        data += chunk
    return data[:n], data[n:]


def read_frame(sock, buffered):
    """(fin_opcode byte, payload, rest of the buffer); unmasks what a client masked."""
    head, buffered = recv_exact(sock, 2, buffered)
    length = head[1] & 0x7F
    if length == 126:
        ext, buffered = recv_exact(sock, 2, buffered)
        length = struct.unpack("!H", ext)[0]
    elif length == 127:
        ext, buffered = recv_exact(sock, 8, buffered)
        length = struct.unpack("!Q", ext)[0]
    mask = b""
    if head[1] & 0x80:
        mask, buffered = recv_exact(sock, 4, buffered)
    payload, buffered = recv_exact(sock, length, buffered)
    if mask:
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return head[0], payload, buffered


def frame(first_byte, payload, masked):
    length = len(payload)
    mask_bit = 0x80 if masked else 0
    if length < 126:
        head = struct.pack("!BB", first_byte, mask_bit | length)
    elif length < 65536:
        head = struct.pack("!BBH", first_byte, mask_bit | 126, length)
    else:
        head = struct.pack("!BBQ", first_byte, mask_bit | 127, length)
    if not masked:
        return head + payload
    mask = os.urandom(4)
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


class EchoHandler(socketserver.BaseRequestHandler):
    def handle(self):
        sock = self.request
        try:
            head, buffered = read_head(sock)
            key = next((line.split(":", 1)[1].strip() for line in head.split("\r\n")
                        if line.lower().startswith("sec-websocket-key:")), None)
            if key is None:
                sock.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                return
            accept = base64.b64encode(hashlib.sha1(key.encode() + GUID).digest()).decode()
            sock.sendall(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          f"Sec-WebSocket-Accept: {accept}\r\n\r\n").encode())
            while True:
                first, payload, buffered = read_frame(sock, buffered)
                opcode = first & 0x0F
                if opcode == 0x8:
                    sock.sendall(frame(0x88, payload[:2], masked=False))
                    return
                sock.sendall(frame(0x8A if opcode == 0x9 else first, payload, masked=False))
        except (ConnectionError, OSError):
            return


class ThreadedServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


def ws_upstream(port):
    with ThreadedServer(("127.0.0.1", port), EchoHandler) as server:
        server.serve_forever()


def websocket_session(port):
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        key = base64.b64encode(os.urandom(16)).decode()
        sock.sendall((f"GET /ws HTTP/1.1\r\nHost: {HOST}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head, buffered = read_head(sock)
        status = head.split("\r\n", 1)[0]
        if " 101 " not in status + " ":
            raise ValueError(f"upgrade answered {status!r}")
        accept = base64.b64encode(hashlib.sha1(key.encode() + GUID).digest()).decode()
        if f"sec-websocket-accept: {accept}".lower() not in head.lower():
            raise ValueError("wrong Sec-WebSocket-Accept")
        for i in range(20):
            message = os.urandom(1 + (i * 397) % 5000)
            sock.sendall(frame(0x82, message, masked=True))
            first, payload, buffered = read_frame(sock, buffered)
            if first != 0x82 or payload != message:
                raise ValueError("echo differs from the message")
        sock.sendall(frame(0x88, struct.pack("!H", 1000), masked=True))
        first, _, buffered = read_frame(sock, buffered)
        if first & 0x0F != 0x8:
            raise ValueError("no close frame in answer to ours")
        return 20


def slowloris_connection(port, deadline):
    """Holds one request head open, a header line every 5 s; returns how the proxy ended it."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(f"GET / HTTP/1.1\r\nHost: {HOST}\r\n".encode())
        n = 0
        while time.monotonic() < deadline:
            sock.settimeout(5)
            try:
                answer = sock.recv(4096)
            except socket.timeout:
                try:
                    sock.sendall(f"X-Slow-{n}: {'a' * 10}\r\n".encode())
                    n += 1
                except OSError:
                    return "cut while sending", time.monotonic() - started
                continue
            except OSError:
                return "reset by the proxy", time.monotonic() - started
            status = answer.split(b"\r\n", 1)[0].decode("latin-1") if answer else ""
            return (f"answered {status.split(' ')[1]}" if status.startswith("HTTP/") else "closed by the proxy"), \
                time.monotonic() - started
    return "still open at the end", time.monotonic() - started


def vanish_once(port, i):
    """A request whose body stops midway; the socket then closes with FIN (even i) or RST (odd i)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    try:
        if i % 4 < 2:
            sock.sendall(f"POST /upload HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: 1000000\r\n\r\n".encode()
                         + os.urandom(20000))
        else:
            sock.sendall(f"POST /upload HTTP/1.1\r\nHost: {HOST}\r\nTransfer-Encoding: chunked\r\n\r\n".encode()
                         + b"4e20\r\n" + os.urandom(20000) + b"\r\n" + b"ffff\r\n" + os.urandom(3000))
        if i % 2:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    finally:
        sock.close()


def run(kind, port, seconds, threads):
    deadline = time.monotonic() + seconds
    counts, errors, lock = Counter(), Counter(), threading.Lock()
    held = []

    def worker(index):
        i = index
        while time.monotonic() < deadline:
            try:
                if kind == "websocket":
                    messages = websocket_session(port)
                    with lock:
                        counts["sessions ok"] += 1
                        counts["messages echoed"] += messages
                elif kind == "slowloris":
                    outcome, seconds_held = slowloris_connection(port, deadline)
                    with lock:
                        counts[outcome] += 1
                        held.append(seconds_held)
                else:
                    vanish_once(port, i)
                    with lock:
                        counts["abandoned bodies"] += 1
                    time.sleep(0.02)
            except (OSError, ValueError, ConnectionError) as e:
                with lock:
                    errors[f"{type(e).__name__}: {e}"[:120]] += 1
                time.sleep(0.1)
            i += threads

    pool = [threading.Thread(target=worker, args=(t,), daemon=True) for t in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(seconds + 60)
    result = {"kind": kind, "counts": dict(counts), "errors": dict(errors)}
    if held:
        held.sort()
        result["seconds held: min, median, max"] = [round(held[0], 1), round(held[len(held) // 2], 1), round(held[-1], 1)]
    print(json.dumps(result), flush=True)


def main(argv):
    if len(argv) == 3 and argv[1] == "ws-upstream":
        ws_upstream(int(argv[2]))
    elif len(argv) == 5 and argv[1] in ("websocket", "slowloris", "vanish"):
        run(argv[1], int(argv[2]), float(argv[3]), int(argv[4]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)

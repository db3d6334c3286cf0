#!/usr/bin/env python3
"""Socket-level DNS fuzzer for awsdns (scripts/fuzz.sh runs it against the packaged jar).

Sends mutated queries over UDP and length-prefixed frames over TCP to one server on loopback,
and counts what comes back. Checks as it goes that no UDP error reply (rcode other than NOERROR
and NXDOMAIN) is larger than the query it answers. Loopback only: the target must be 127.0.0.0/8
or ::1.

With --tls PORT (DNS over TLS) and --https PORT (DNS over HTTPS, HTTP/1.1), also opens N
connections to each (--tls-connections): random bytes instead of a ClientHello, a ClientHello cut
short, plain DNS, and after a real handshake pipelined mutated frames (DoT) or broken HTTP
requests (DoH); each connection ends closed, half sent, or reset (SO_LINGER 0).

usage: fuzz.py HOST PORT --udp N --tcp-frames N [--seed S] [--tls PORT] [--https PORT] [--tls-connections N]
"""
import argparse
import ipaddress
import random
import base64
import select
import socket
import ssl
import struct
import sys
import threading
import time

NAMES = ["web.demo.internal.", "missing.demo.internal.", "example.com.", "11.40.31.172.in-addr.arpa.", "."]
TYPES = [1, 28, 12, 16, 255, 6, 2, 15, 65, 33, 0, 65535]


def encode_name(name):
    out = b""
    for label in name.strip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def query(rng, ident):
    flags = 0x0100 if rng.random() < 0.9 else rng.getrandbits(16) & 0x7FFF
    body = encode_name(rng.choice(NAMES)) + struct.pack(">HH", rng.choice(TYPES), 1 if rng.random() < 0.95 else rng.getrandbits(16))
    arcount = 0
    if rng.random() < 0.5:
        arcount = 1
        options = b""
        for _ in range(rng.randrange(3)):
            code = rng.choice([8, 10, 12, 15, rng.getrandbits(16)])  # ECS, cookie, padding, EDE, any
            data = rng.randbytes(rng.randrange(0, 40))
            options += struct.pack(">HH", code, len(data)) + data
        ttl = (rng.choice([0, 0, 1, 255]) << 16) | (0x8000 if rng.random() < 0.5 else 0)
        body += b"\0" + struct.pack(">HHIH", 41, rng.choice([512, 1232, 4096, 65535, 0]), ttl, len(options)) + options
    return struct.pack(">HHHHHH", ident, flags, 1, 0, 0, arcount) + body


def mutate(rng, packet):
    """One to three of: flip bits, truncate, append, lie in counts, compression tricks, many labels, set QR/TC/opcode."""
    data = bytearray(packet)
    for _ in range(rng.randrange(1, 4)):
        kind = rng.randrange(10)
        if kind == 0 and data:
            for _ in range(rng.randrange(1, 8)):
                i = rng.randrange(len(data))
                data[i] ^= 1 << rng.randrange(8)
        elif kind == 1:
            del data[rng.randrange(len(data) + 1):]
        elif kind == 2:
            data += rng.randbytes(rng.randrange(1, 64))
        elif kind == 3 and len(data) >= 12:
            i = 4 + 2 * rng.randrange(4)
            data[i:i + 2] = struct.pack(">H", rng.choice([0, 2, 3, 255, 65535, rng.getrandbits(16)]))
        elif kind == 4 and len(data) >= 14:
            # a compression pointer: to itself, forward, into the header, or a chain of them
            target = rng.choice([12, len(data), 0, 2, rng.randrange(len(data))])
            data[12:14] = struct.pack(">H", 0xC000 | (target & 0x3FFF))
        elif kind == 5 and len(data) >= 12:
            labels = b"\x01a" * rng.choice([10, 127, 128, 200, 300])
            data = data[:12] + labels + b"\0\0\x01\0\x01"
        elif kind == 6 and len(data) >= 3:
            data[2] |= rng.choice([0x80, 0x02, 0x10, 0x18, 0x28, 0x78])  # QR, TC, opcodes 2, 3, 5, 15
        elif kind == 7 and len(data) >= 13:
            data[12] = rng.choice([0x40, 0x80, 0x3F, 0xFF])  # reserved label types, overlong label
        elif kind == 8:
            data = bytearray(rng.randbytes(rng.randrange(0, 80)))
        else:
            pass  # left valid
    return bytes(data)


def packet(rng, ident):
    base = query(rng, ident)
    return base if rng.random() < 0.1 else mutate(rng, base)


def rcode_of(reply):
    return reply[3] & 0x0F if len(reply) >= 4 else -1


class Udp:
    def __init__(self, host, port, count, seed):
        self.target = (host, port)
        self.count = count
        self.rng = random.Random(seed)
        self.sent = self.replies = self.oversized = self.batch_replies = 0

    def run(self):
        family = socket.AF_INET6 if ":" in self.target[0] else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_DGRAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        sock.setblocking(False)
        sizes = {}
        for n in range(self.count):
            ident = n & 0xFFFF
            data = packet(self.rng, ident)
            if len(data) >= 2:
                data = struct.pack(">H", ident) + data[2:]
            sizes[ident] = len(data)
            try:
                sock.sendto(data, self.target)
                self.sent += 1
            except BlockingIOError:
                self.drain(sock, sizes, 0.01)
            if n % 64 == 63:
                self.pace(sock, sizes)
        self.drain(sock, sizes, 1.0)
        sock.close()

    def pace(self, sock, sizes):
        """Waits for most of the last batch's replies (some packets get none), so the server's socket buffer does not overflow."""
        deadline = time.monotonic() + 0.05
        want = self.batch_replies + 40  # of 64: about one in six gets no reply
        while self.replies < want and time.monotonic() < deadline:
            self.drain(sock, sizes, 0.002)
        self.batch_replies = self.replies

    def drain(self, sock, sizes, wait):
        deadline = time.monotonic() + wait
        while True:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([sock], [], [], max(0.0, left))
            if not ready:
                return
            try:
                reply, _ = sock.recvfrom(65535)
            except BlockingIOError:
                continue
            self.replies += 1
            if len(reply) >= 2:
                ident = struct.unpack(">H", reply[:2])[0]
                if rcode_of(reply) not in (0, 3) and len(reply) > sizes.get(ident, 65535):
                    self.oversized += 1


class Tcp:
    """Connections of ~200 pipelined frames each; some end inside a frame, some lie in their prefix."""

    def __init__(self, host, port, frames, seed, workers=4):
        self.target = (host, port)
        self.frames = frames
        self.seed = seed
        self.workers = workers
        self.lock = threading.Lock()
        self.sent = self.replies = self.connections = self.failed_connects = 0

    def run(self):
        per_worker = self.frames // self.workers
        threads = [threading.Thread(target=self.work, args=(per_worker, self.seed + i)) for i in range(self.workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    def work(self, frames, seed):
        rng = random.Random(seed)
        while frames > 0:
            count = min(frames, rng.randrange(1, 400))
            frames -= count
            stream = bytearray()
            for i in range(count):
                data = packet(rng, i)
                length = len(data)
                lie = rng.random()
                if lie < 0.002:
                    length = rng.randrange(0, 65536)  # the stream loses its framing from here on
                elif lie < 0.03:
                    data = b""
                    length = 0
                stream += struct.pack(">H", length & 0xFFFF) + data
            if rng.random() < 0.1:
                stream += struct.pack(">H", 500) + b"\x12\x34"  # ends inside a frame
            replies, ok = self.exchange(bytes(stream), rng)
            with self.lock:
                self.sent += count
                self.replies += replies
                self.connections += 1
                self.failed_connects += 0 if ok else 1

    def exchange(self, stream, rng):
        family = socket.AF_INET6 if ":" in self.target[0] else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.settimeout(30)
        try:
            sock.connect(self.target)
            if rng.random() < 0.05:
                for i in range(0, min(len(stream), 60)):
                    sock.send(stream[i:i + 1])  # a slow start, byte by byte
                stream = stream[60:]
            sock.sendall(stream)
            sock.shutdown(socket.SHUT_WR)
            received = bytearray()
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                received += chunk
            return count_frames(received), True
        except OSError:
            return 0, False
        finally:
            sock.close()


class Tls:
    """Connections to a DNS over TLS (doh=False) or HTTPS (doh=True) listener, every kind of wrong."""

    def __init__(self, host, port, connections, seed, doh, workers=4):
        self.target = (host, port)
        self.connections = connections
        self.seed = seed
        self.doh = doh
        self.workers = workers
        self.lock = threading.Lock()
        self.opened = self.handshakes = self.replies = 0
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        self.context.check_hostname = False
        self.context.verify_mode = ssl.CERT_NONE  # loopback, a throwaway certificate
        if doh:
            self.context.set_alpn_protocols(["http/1.1"])
        self.hello = self.client_hello()

    def client_hello(self):
        incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        engine = self.context.wrap_bio(incoming, outgoing, server_hostname="localhost")
        try:
            engine.do_handshake()
        except ssl.SSLWantReadError:
            pass
        return outgoing.read()

    def run(self):
        per_worker = self.connections // self.workers
        threads = [threading.Thread(target=self.work, args=(per_worker, self.seed + i)) for i in range(self.workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    def work(self, connections, seed):
        rng = random.Random(seed)
        for _ in range(connections):
            kind = rng.randrange(5)
            handshaken = replies = 0
            try:
                if kind == 0:
                    self.raw(rng, rng.randbytes(rng.randrange(1, 2000)))
                elif kind == 1:
                    self.raw(rng, self.hello[:rng.randrange(1, len(self.hello))])
                elif kind == 2:
                    data = packet(rng, 1)
                    self.raw(rng, struct.pack(">H", len(data)) + data)
                else:
                    handshaken = 1
                    replies = self.session(rng)
            except OSError:
                pass
            with self.lock:
                self.opened += 1
                self.handshakes += handshaken
                self.replies += replies

    def connect(self):
        family = socket.AF_INET6 if ":" in self.target[0] else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.settimeout(5)
        sock.connect(self.target)
        return sock

    @staticmethod
    def reset(sock):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()

    def raw(self, rng, data):
        sock = self.connect()
        try:
            sock.sendall(data)
            end = rng.randrange(3)
            if end == 0:
                self.reset(sock)
            elif end == 1:
                sock.shutdown(socket.SHUT_WR)
                try:
                    while sock.recv(65536):
                        pass
                except OSError:
                    self.reset(sock)
        finally:
            sock.close()

    def session(self, rng):
        plain = self.connect()
        try:
            sock = self.context.wrap_socket(plain, server_hostname="localhost")
        except (OSError, ssl.SSLError):
            plain.close()
            return 0
        try:
            data = self.http_request(rng) if self.doh else self.frames(rng)
            if rng.random() < 0.3:
                sock.sendall(data[:rng.randrange(len(data) + 1)])
                self.reset(plain)
                return 0
            sock.sendall(data)
            received = b""
            try:
                received = sock.recv(65536)
            except (OSError, ssl.SSLError):
                pass
            if rng.random() < 0.5:
                self.reset(plain)
            return 1 if received else 0
        finally:
            sock.close()

    @staticmethod
    def frames(rng):
        stream = bytearray()
        for i in range(rng.randrange(1, 20)):
            data = packet(rng, i)
            length = len(data)
            lie = rng.random()
            if lie < 0.05:
                length = rng.randrange(0, 65536)
            elif lie < 0.1:
                data, length = b"", 0
            stream += struct.pack(">H", length & 0xFFFF) + data
        if rng.random() < 0.1:
            stream += struct.pack(">H", 500) + b"\x12\x34"  # ends inside a frame
        return bytes(stream)

    @staticmethod
    def http_request(rng):
        body = packet(rng, 0)
        dns = base64.urlsafe_b64encode(packet(rng, 0)).rstrip(b"=")
        host = b"Host: localhost\r\n"
        return rng.choice([
            b"GET /dns-query?dns=" + dns + b" HTTP/1.1\r\n" + host + b"\r\n",
            b"GET /dns-query?dns=!!not*base64%% HTTP/1.1\r\n" + host + b"\r\n",
            b"GET /elsewhere HTTP/1.1\r\n" + host + b"\r\n",
            b"DELETE /dns-query HTTP/1.1\r\n" + host + b"\r\n",
            b"POST /dns-query HTTP/1.1\r\n" + host + b"Content-Type: text/plain\r\nContent-Length: "
            + str(len(body)).encode() + b"\r\n\r\n" + body,
            b"POST /dns-query HTTP/1.1\r\n" + host + b"Content-Type: application/dns-message\r\n"
            b"Content-Length: 99999999999\r\n\r\n" + body,
            b"GARBAGE\r\n\r\n",
            b"GET /dns-query HTTP/1.1\r\nX: " + b"y" * rng.randrange(20000) + b"\r\n\r\n",
            b"POST /dns-query HTTP/1.1\r\n" + host + b"Content-Type: application/dns-message\r\nContent-Length: "
            + str(len(body)).encode() + b"\r\n\r\n" + body,
            rng.randbytes(rng.randrange(1, 500)),
        ])


def count_frames(data):
    n = i = 0
    while i + 2 <= len(data):
        i += 2 + struct.unpack(">H", data[i:i + 2])[0]
        if i <= len(data):
            n += 1
    return n


def answers(host, port):
    """One normal query over UDP and over TCP; True when both get NOERROR."""
    q = struct.pack(">HHHHHH", 0x4242, 0x0100, 1, 0, 0, 0) + encode_name("web.demo.internal.") + struct.pack(">HH", 1, 1)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    udp = socket.socket(family, socket.SOCK_DGRAM)
    udp.settimeout(5)
    try:
        udp.sendto(q, (host, port))
        udp_ok = rcode_of(udp.recv(65535)) == 0
    except OSError:
        udp_ok = False
    finally:
        udp.close()
    try:
        with socket.create_connection((host, port), timeout=5) as tcp:
            tcp.sendall(struct.pack(">H", len(q)) + q)
            tcp.settimeout(5)
            head = tcp.recv(2)
            reply = tcp.recv(65535)
            tcp_ok = len(head) == 2 and rcode_of(reply) == 0
    except OSError:
        tcp_ok = False
    return udp_ok, tcp_ok


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("--udp", type=int, default=10000)
    parser.add_argument("--tcp-frames", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--tls", type=int, help="a DNS over TLS port to fuzz too")
    parser.add_argument("--https", type=int, help="a DNS over HTTPS port to fuzz too")
    parser.add_argument("--tls-connections", type=int, default=10000)
    args = parser.parse_args()
    if not ipaddress.ip_address(args.host).is_loopback:
        sys.exit("fuzz.py sends to loopback only")
    start = time.monotonic()
    udp = Udp(args.host, args.port, args.udp, args.seed)
    udp.run()
    udp_seconds = time.monotonic() - start
    print(f"udp: sent {udp.sent} packets, {udp.replies} replies, {udp.oversized} error replies larger than their query ({udp_seconds:.0f} s)")
    start = time.monotonic()
    tcp = Tcp(args.host, args.port, args.tcp_frames, args.seed)
    tcp.run()
    print(f"tcp: sent {tcp.sent} frames on {tcp.connections} connections, {tcp.replies} replies, "
          f"{tcp.failed_connects} connections failed ({time.monotonic() - start:.0f} s)")
    for name, port, doh in (("tls", args.tls, False), ("https", args.https, True)):
        if port:
            start = time.monotonic()
            tls = Tls(args.host, port, args.tls_connections, args.seed, doh)
            tls.run()
            print(f"{name}: {tls.opened} connections, {tls.handshakes} handshakes tried, {tls.replies} answered "
                  f"({time.monotonic() - start:.0f} s)")
    udp_ok, tcp_ok = answers(args.host, args.port)
    print(f"answers afterwards: udp {'yes' if udp_ok else 'NO'}, tcp {'yes' if tcp_ok else 'NO'}")
    sys.exit(0 if udp_ok and tcp_ok and udp.oversized == 0 else 1)


if __name__ == "__main__":
    main()

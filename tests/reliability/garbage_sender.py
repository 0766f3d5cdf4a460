#!/usr/bin/env python3
"""Sends malformed and random IP protocol 112 packets to 224.0.0.18 (reliability suite,
issue #17): each variant would change the master's behaviour if it were accepted (priority
254 or 0 on the master's VRID), so every one of them must be dropped.

    garbage_sender.py SOURCE RATE SECONDS   (run inside the client's network namespace)

Prints "sent N" at the end. Only ever sends to the VRRP multicast group on the link."""
import os
import random
import socket
import struct
import sys
import time

GROUP = "224.0.0.18"


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def vrrp2(vrid=51, prio=254, count=1, auth=0, interval=1, addrs=("192.0.2.100",), fix=True, version=2, ptype=1):
    body = struct.pack("!BBBBBBH", (version << 4) | ptype, vrid, prio, count, auth, interval, 0)
    body += b"".join(socket.inet_aton(a) for a in addrs) + b"\0" * 8
    if fix:
        c = checksum(body)
        body = body[:6] + struct.pack("!H", c) + body[8:]
    return body


def ip_header(source: str, payload_len: int, ttl=255, proto=112, ihl=5, version=4) -> bytes:
    # The kernel fills in the total length and the header checksum (raw(7), IP_HDRINCL).
    return struct.pack("!BBHHHBBH4s4s", (version << 4) | ihl, 0, 20 + payload_len, 0, 0, ttl, proto, 0,
                       socket.inet_aton(source), socket.inet_aton(GROUP))


def variants(source: str):
    good = vrrp2()
    bad_sum = bytearray(good); bad_sum[6] ^= 0xFF
    prio0_bad = bytearray(vrrp2(prio=0)); prio0_bad[7] ^= 0x55
    return {
        "bad_checksum": ip_header(source, len(bad_sum)) + bytes(bad_sum),
        "prio0_bad_checksum": ip_header(source, len(prio0_bad)) + bytes(prio0_bad),
        "ttl_64": ip_header(source, len(good), ttl=64) + good,
        "other_vrid": ip_header(source, len(good)) + vrrp2(vrid=99),
        "auth_pass": ip_header(source, len(good)) + vrrp2(auth=1),
        "auth_type_9": ip_header(source, len(good)) + vrrp2(auth=9),
        "interval_2": ip_header(source, len(good)) + vrrp2(interval=2),
        "address_count": ip_header(source, 32) + vrrp2(count=3, addrs=("192.0.2.100", "192.0.2.1", "192.0.2.2")),
        "count_overflow": ip_header(source, len(good)) + vrrp2(count=200),
        "version_3": ip_header(source, len(good)) + vrrp2(version=3),
        "version_7": ip_header(source, len(good)) + vrrp2(version=7),
        "type_2": ip_header(source, len(good)) + vrrp2(ptype=2),
        "truncated_4": ip_header(source, 4) + good[:4],
        "truncated_12": ip_header(source, 12) + good[:12],
        "empty": ip_header(source, 0),
        "ip_options": struct.pack("!BBHHHBBH4s4s", 0x46, 0, 24 + len(good), 0, 0, 255, 112, 0,
                                  socket.inet_aton(source), socket.inet_aton(GROUP)) + b"\x01\x01\x01\x00" + good,
    }


def main() -> int:
    source, rate, seconds = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_HDRINCL, 1)
    fixed = list(variants(source).values())
    rng = random.Random(17)
    sent = 0
    start = time.monotonic()
    end = start + seconds
    while True:
        now = time.monotonic()
        if now >= end:
            break
        due = int((now - start) * rate) - sent
        if due <= 0:
            time.sleep(0.001)
            continue
        for _ in range(min(due, 1000)):
            if sent % 4 == 3:  # random bytes, random length
                payload = os.urandom(rng.randrange(0, 96))
                packet = ip_header(source, len(payload)) + payload
            else:
                packet = fixed[sent % len(fixed)]
            try:
                sock.sendto(packet, (GROUP, 0))
            except OSError:
                pass
            sent += 1
    print(f"sent {sent}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""An SMTP responder for SMTP_CHECK scenarios: smtp_responder.py ADDR PORT MODE_FILE [SILENT_PORT].

Each connection reads MODE_FILE: "ok" answers 220, then 250 to HELO, 221 to QUIT (RFC 5321
§4.2); "reject" greets with 554. With SILENT_PORT it also listens on ADDR:SILENT_PORT, accepts
and never answers (a slow real server). Prints READY once listening."""
import asyncio
import sys

ADDR, PORT, MODE_FILE = sys.argv[1], int(sys.argv[2]), sys.argv[3]
SILENT_PORT = int(sys.argv[4]) if len(sys.argv) > 4 else None


def mode():
    try:
        with open(MODE_FILE) as f:
            return f.read().strip()
    except OSError:
        return "ok"


async def handle(reader, writer):
    try:
        if mode() != "ok":
            writer.write(b"554 rs.test no service\r\n")
            await writer.drain()
            return
        writer.write(b"220 rs.test ESMTP\r\n")
        await writer.drain()
        while True:
            line = await asyncio.wait_for(reader.readline(), 10)
            if not line:
                return
            verb = line.split(b" ")[0].strip().upper()
            if verb == b"QUIT":
                writer.write(b"221 rs.test bye\r\n")
                await writer.drain()
                return
            writer.write(b"250 rs.test\r\n")
            await writer.drain()
    except (asyncio.TimeoutError, ConnectionError):
        pass
    finally:
        writer.close()


async def hold(reader, writer):
    """Reads and never answers, until the peer closes."""
    try:
        while await reader.read(4096):
            pass
    except ConnectionError:
        pass
    finally:
        writer.close()


async def main():
    server = await asyncio.start_server(handle, ADDR, PORT)
    if SILENT_PORT is not None:
        await asyncio.start_server(hold, ADDR, SILENT_PORT)
    print("READY", flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())

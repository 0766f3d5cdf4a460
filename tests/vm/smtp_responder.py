#!/usr/bin/env python3
"""An SMTP responder for SMTP_CHECK scenarios: smtp_responder.py ADDR PORT MODE_FILE.

Each connection reads MODE_FILE: "ok" answers 220, then 250 to HELO, 221 to QUIT (RFC 5321
§4.2); "reject" greets with 554. Prints READY once listening."""
import asyncio
import sys

ADDR, PORT, MODE_FILE = sys.argv[1], int(sys.argv[2]), sys.argv[3]


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


async def main():
    server = await asyncio.start_server(handle, ADDR, PORT)
    print("READY", flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())

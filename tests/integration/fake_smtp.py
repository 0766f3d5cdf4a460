#!/usr/bin/env python3
"""A tiny fake SMTP server for the smtp-alert scenario (and for observing keepalived).

Usage: fake_smtp.py ADDR PORT LOG [--mode ok|silent|reject-rcpt]

It accepts any number of sessions, answers 220 on connect, 250 to HELO/EHLO/MAIL/RCPT,
354 to DATA, 250 after the terminating ".", 221 to QUIT. Every received line is written to
LOG as `EPOCH SESSION C: repr(line)` (Python bytes repr, so CR/LF stay visible); every
reply as `EPOCH SESSION S: ...`; connects and closes as `EPOCH SESSION OPEN PEER` /
`EPOCH SESSION CLOSE`. Modes: `silent` accepts connections but never answers (the client
must time out); `reject-STEP` answers 554 (greeting) or 550 instead of the positive reply
at STEP: greeting, helo, mail, rcpt, data, body (after the final "."), quit;
`close-STEP` closes the connection instead of answering at STEP (helo, mail, ...). "READY" is printed to stdout once
listening.
"""
import asyncio
import sys
import time

ADDR, PORT, LOG = sys.argv[1], int(sys.argv[2]), sys.argv[3]
MODE = sys.argv[5] if len(sys.argv) > 5 and sys.argv[4] == "--mode" else "ok"
log_file = open(LOG, "a", buffering=1)
sessions = 0


def log(session, text):
    log_file.write(f"{time.time():.6f} {session} {text}\n")


async def handle(reader, writer):
    global sessions
    sessions += 1
    sid = sessions
    log(sid, f"OPEN {writer.get_extra_info('peername')[0]}")

    async def reply(text):
        log(sid, f"S: {text}")
        writer.write(text.encode() + b"\r\n")
        await writer.drain()

    try:
        if MODE != "silent":
            if MODE == "reject-greeting":
                await reply("554 5.3.2 go away")
            else:
                await reply("220 fake.example.org ESMTP fake")
        in_data = False
        while True:
            line = await reader.readline()
            if not line:
                break
            log(sid, f"C: {line!r}")
            if MODE == "silent":
                continue
            if in_data:
                if line.rstrip(b"\r\n") == b".":
                    in_data = False
                    await reply("550 5.7.1 refused" if MODE == "reject-body" else "250 2.0.0 queued")
                continue
            verb = line[:4].upper()
            step = {b"HELO": "helo", b"EHLO": "helo", b"MAIL": "mail", b"RCPT": "rcpt",
                    b"DATA": "data", b"QUIT": "quit"}.get(verb)
            if step is not None and MODE == "close-" + step:
                break
            if step is not None and MODE == "reject-" + step:
                await reply("550 5.7.1 refused")
                if step == "quit":
                    break
                continue
            if verb in (b"HELO", b"EHLO"):
                await reply("250 fake.example.org")
            elif verb == b"MAIL":
                await reply("250 2.1.0 ok")
            elif verb == b"RCPT":
                await reply("250 2.1.5 ok")
            elif verb == b"DATA":
                in_data = True
                await reply("354 go ahead")
            elif verb == b"QUIT":
                await reply("221 2.0.0 bye")
                break
            else:
                await reply("502 5.5.2 not implemented")
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        log(sid, "CLOSE")
        writer.close()


async def main():
    server = await asyncio.start_server(handle, ADDR, PORT)
    print("READY", flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())

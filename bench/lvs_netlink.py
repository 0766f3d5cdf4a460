#!/usr/bin/python3
"""Lists the IPVS generic-netlink requests user space sent, from a capture of an nlmon
device (tcpdump -i nlmon0 -w FILE; LINKTYPE_NETLINK): one line per netlink message,

    TIME PACKET PORT COMMAND

TIME the capture's timestamp (s), PACKET the number of the sendmsg() that carried it (one
capture record each), PORT its nlmsg_pid, COMMAND the IPVS command (NEW_DEST, ...). Only
requests (NLM_F_REQUEST: what user space sends; the kernel's replies and acknowledgements
lack it; nlmon marks every record PACKET_OUTGOING) of the generic family (NETLINK_GENERIC)
whose type is not the controller's are listed: in a namespace where only the daemon and
ipvsadm speak generic netlink, that is IPVS.

    bench/lvs_netlink.py FILE
"""
import struct
import sys

COMMANDS = {1: 'NEW_SERVICE', 2: 'SET_SERVICE', 3: 'DEL_SERVICE', 4: 'GET_SERVICE', 5: 'NEW_DEST',
            6: 'SET_DEST', 7: 'DEL_DEST', 8: 'GET_DEST', 9: 'NEW_DAEMON', 10: 'DEL_DAEMON',
            11: 'GET_DAEMON', 12: 'SET_CONFIG', 13: 'GET_CONFIG', 14: 'SET_INFO', 15: 'GET_INFO',
            16: 'ZERO', 17: 'FLUSH'}
LINKTYPE_NETLINK = 253
NLM_F_REQUEST = 1
NETLINK_GENERIC = 16
GENL_ID_CTRL = 0x10


def main(path):
    data = open(path, 'rb').read()
    if len(data) < 24:
        return
    magic = struct.unpack_from('<I', data)[0]
    endian = '<' if magic in (0xa1b2c3d4, 0xa1b23c4d) else '>'
    nano = magic in (0xa1b23c4d, 0x4d3cb2a1)
    linktype = struct.unpack_from(endian + 'I', data, 20)[0]
    if linktype != LINKTYPE_NETLINK:
        sys.exit(f'{path}: link type {linktype}, not netlink')
    at, record = 24, 0
    out = []
    while at + 16 <= len(data):
        sec, frac, captured, _ = struct.unpack_from(endian + 'IIII', data, at)
        packet = data[at + 16:at + 16 + captured]
        at += 16 + captured
        record += 1
        when = sec + frac / (1e9 if nano else 1e6)
        if len(packet) < 16:
            continue
        protocol = struct.unpack_from('>H', packet, 14)[0]
        if protocol != NETLINK_GENERIC:
            continue
        offset = 16
        while offset + 20 <= len(packet):
            length, kind, flags, _, port = struct.unpack_from('<IHHII', packet, offset)
            if length < 16:
                break
            if kind != GENL_ID_CTRL and flags & NLM_F_REQUEST:
                command = packet[offset + 16]
                out.append(f'{when:.6f} {record} {port} {COMMANDS.get(command, str(command))}')
            offset += (length + 3) & ~3
    print('\n'.join(out))


if __name__ == '__main__':
    main(sys.argv[1])

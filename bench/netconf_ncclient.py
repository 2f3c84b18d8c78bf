"""Edit-config + commit round trips with Debian's ncclient, for `npm run bench:netconf`.

Run with /usr/bin/python3 (Debian's python3-ncclient). One session: WARMUP untimed rounds, then
ITERATIONS timed ones; each round merges a new description of one interface into the candidate
and commits it. Prints {"framing", "latencies_ms", "last_description"} as JSON on stdout.
Arguments: host port username password hostkey_b64 interface iterations warmup [tick_seconds].

ncclient's session thread sends a queued request only when its selector wakes up: on incoming
data or every ncclient.transport.ssh.TICK (0.1 s), so each request waits up to 0.1 s before it
leaves. tick_seconds, when given, replaces TICK to measure ncclient without that wait.
"""
import json
import sys
import time

import ncclient.transport.ssh as ssh_transport
from ncclient import manager
from ncclient.transport.session import NetconfBase

host, port, username, password, hostkey_b64, interface = sys.argv[1:7]
iterations, warmup = int(sys.argv[7]), int(sys.argv[8])
if len(sys.argv) > 9:
    ssh_transport.TICK = float(sys.argv[9])
INTERFACES = 'http://openconfig.net/yang/interfaces'


def description_edit(description):
    return (f'<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><interfaces xmlns="{INTERFACES}">'
            f'<interface><name>{interface}</name><config><description>{description}</description></config>'
            f'</interface></interfaces></config>')


latencies = []
with manager.connect(host=host, port=int(port), username=username, password=password,
                     hostkey_b64=hostkey_b64, allow_agent=False, look_for_keys=False,
                     timeout=30, device_params={'name': 'default'}) as m:
    # ncclient switches to chunked framing when both sides announce base:1.1 (its NetconfBase).
    framing = 'chunked' if m._session._base == NetconfBase.BASE_11 else 'eom'
    description = ''
    for i in range(warmup + iterations):
        description = f'ncclient round {i}'
        started = time.perf_counter()
        m.edit_config(target='candidate', config=description_edit(description))
        m.commit()
        if i >= warmup:
            latencies.append((time.perf_counter() - started) * 1000)
print(json.dumps({'framing': framing, 'latencies_ms': latencies, 'last_description': description}))

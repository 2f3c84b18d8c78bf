"""Edit-config + commit round trips with Debian's ncclient, for `npm run bench:netconf`.

Run with /usr/bin/python3 (Debian's python3-ncclient). One session: WARMUP untimed rounds, then
ITERATIONS timed ones; each round merges EDIT (the content of a <config>, with {description}
replaced by a new text each round) into the candidate and commits it. Prints
{"framing", "latencies_ms", "last_description"} as JSON on stdout.

Arguments: host port username credential hostkey_b64 edit iterations warmup [tick_seconds]
where credential is password:<password> or keyfile:<path of a private key>.

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

host, port, username, credential, hostkey_b64, edit = sys.argv[1:7]
iterations, warmup = int(sys.argv[7]), int(sys.argv[8])
if len(sys.argv) > 9:
    ssh_transport.TICK = float(sys.argv[9])

kind, _, secret = credential.partition(':')
if kind == 'password':
    auth = {'password': secret}
elif kind == 'keyfile':
    auth = {'key_filename': secret}
else:
    sys.exit(f'credential must be password:<password> or keyfile:<path>, got "{kind}:…"')
if '{description}' not in edit:
    sys.exit('the edit has no {description} placeholder')

latencies = []
with manager.connect(host=host, port=int(port), username=username, hostkey_b64=hostkey_b64,
                     allow_agent=False, look_for_keys=False, timeout=30,
                     device_params={'name': 'default'}, **auth) as m:
    # ncclient switches to chunked framing when both sides announce base:1.1 (its NetconfBase).
    framing = 'chunked' if m._session._base == NetconfBase.BASE_11 else 'eom'
    description = ''
    for i in range(warmup + iterations):
        description = f'ncclient round {i}'
        config = ('<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">'
                  + edit.replace('{description}', description) + '</config>')
        started = time.perf_counter()
        m.edit_config(target='candidate', config=config)
        m.commit()
        if i >= warmup:
            latencies.append((time.perf_counter() - started) * 1000)
print(json.dumps({'framing': framing, 'latencies_ms': latencies, 'last_description': description}))

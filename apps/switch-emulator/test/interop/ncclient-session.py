"""Drives Spinel's emulated NETCONF server with Debian's ncclient and prints what it saw as JSON.

Run with /usr/bin/python3 (Debian's python3-ncclient): connect pinning the host key, read the
capabilities, lock the candidate, edit it, validate, commit, read running back, provoke an
rpc-error, unlock, close. Arguments: host port username password hostkey_b64.
"""
import json
import sys

from ncclient import manager
from ncclient.operations import RPCError

host, port, username, password, hostkey_b64 = sys.argv[1:6]
VLANS = 'urn:spinel:test:vlans'
EDIT = f'''<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">
  <vlans xmlns="{VLANS}"><vlan><id>42</id><name>ncclient</name></vlan></vlans>
</config>'''
CREATE_AGAIN = f'''<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"
    xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0">
  <vlans xmlns="{VLANS}" nc:operation="create"/>
</config>'''

out = {}
with manager.connect(host=host, port=int(port), username=username, password=password,
                     hostkey_b64=hostkey_b64, allow_agent=False, look_for_keys=False,
                     timeout=10, device_params={'name': 'default'}) as m:
    out['session_id'] = m.session_id
    out['capabilities'] = sorted(m.server_capabilities)
    with m.locked('candidate'):
        m.edit_config(target='candidate', config=EDIT)
        m.validate(source='candidate')
        m.commit()
    out['running'] = m.get_config(source='running', filter=('subtree', f'<vlans xmlns="{VLANS}"/>')).data_xml
    try:
        m.edit_config(target='running', config=CREATE_AGAIN)
        out['error'] = None
    except RPCError as error:
        out['error'] = {'tag': error.tag, 'type': error.type, 'severity': error.severity,
                        'path': error.path, 'message': error.message}
print(json.dumps(out))

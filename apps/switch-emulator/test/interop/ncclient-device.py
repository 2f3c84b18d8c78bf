"""Provisions Spinel's emulated switch with Debian's ncclient and prints what it saw as JSON.

Run with /usr/bin/python3 (Debian's python3-ncclient): lock the candidate, load the rendered
OpenConfig configuration read from a file, validate, commit, read running back, then provoke the
switch's invalid-value rpc-error with an out-of-range VNI. Arguments: host port username password
hostkey_b64 config_file.
"""
import json
import sys

from ncclient import manager
from ncclient.operations import RPCError

host, port, username, password, hostkey_b64, config_file = sys.argv[1:7]
NI = 'http://openconfig.net/yang/network-instance'
BAD_VNI = f'''<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">
  <network-instances xmlns="{NI}"><network-instance><name>BD10001</name><evpn><evpn-instances>
    <evpn-instance><evi>10001</evi><vxlan><config><vni>16777215</vni></config></vxlan></evpn-instance>
  </evpn-instances></evpn></network-instance></network-instances>
</config>'''

with open(config_file, encoding='utf-8') as f:
    config = f.read()

out = {}
with manager.connect(host=host, port=int(port), username=username, password=password,
                     hostkey_b64=hostkey_b64, allow_agent=False, look_for_keys=False,
                     timeout=10, device_params={'name': 'default'}) as m:
    with m.locked('candidate'):
        m.edit_config(target='candidate', config=config)
        m.validate(source='candidate')
        m.commit()
    out['running'] = m.get_config(source='running').data_xml
    try:
        m.edit_config(target='running', config=BAD_VNI)
        out['error'] = None
    except RPCError as error:
        out['error'] = {'tag': error.tag, 'type': error.type, 'path': error.path, 'message': error.message}
print(json.dumps(out))

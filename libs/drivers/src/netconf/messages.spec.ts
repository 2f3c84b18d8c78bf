import { describe, expect, it } from 'vitest';
import { DeviceError } from '../device-error.js';
import { Capability, NETCONF_BASE_NS, hasCapability } from './capabilities.js';
import { assertReplySucceeded, buildHello, buildRpc, buildRpcReply, negotiateFraming, parseHello, parseRpcReply } from './messages.js';
import { NetconfRpcError, readRpcError, renderRpcError } from './rpc-error.js';
import { XmlElement } from './xml-element.js';

describe('hello', () => {
  it('round-trips capabilities and the session-id', () => {
    const text = buildHello({ capabilities: [Capability.base10, Capability.base11, `${Capability.candidate}`], sessionId: 42 });
    expect(parseHello(text)).toEqual({ capabilities: [Capability.base10, Capability.base11, Capability.candidate], sessionId: 42 });
    expect(parseHello(buildHello({ capabilities: [Capability.base10] }))).toEqual({ capabilities: [Capability.base10] });
  });

  it('reads a prefixed hello as another implementation may write it', () => {
    const hello = parseHello(
      `<nc:hello xmlns:nc="${NETCONF_BASE_NS}"><nc:capabilities>\n <nc:capability> ${Capability.base11} </nc:capability>\n</nc:capabilities><nc:session-id>7</nc:session-id></nc:hello>`,
    );
    expect(hello).toEqual({ capabilities: [Capability.base11], sessionId: 7 });
  });

  it.each([
    ['a wrong root', `<rpc xmlns="${NETCONF_BASE_NS}"/>`, /expected a <hello>/],
    ['a wrong namespace', '<hello><capabilities><capability>x</capability></capabilities></hello>', /expected a <hello>/],
    ['no capabilities', `<hello xmlns="${NETCONF_BASE_NS}"><capabilities/></hello>`, /no capabilities/],
    ['session-id 0', `<hello xmlns="${NETCONF_BASE_NS}"><capabilities><capability>x</capability></capabilities><session-id>0</session-id></hello>`, /invalid session-id "0"/],
  ])('refuses %s as a PROTOCOL error', (_case, text, message) => {
    expect(() => parseHello(text)).toThrow(message);
    expect(() => parseHello(text)).toThrow(DeviceError);
  });

  it('negotiates chunked framing only when both sides announce base:1.1', () => {
    const both = [Capability.base10, Capability.base11];
    expect(negotiateFraming(both, both)).toBe('chunked');
    expect(negotiateFraming(both, [Capability.base10])).toBe('eom');
    expect(negotiateFraming([Capability.base11], both)).toBe('chunked');
    expect(() => negotiateFraming([Capability.base11], [Capability.base10])).toThrow(/no common NETCONF base version/);
  });

  it('matches module capabilities without their query', () => {
    expect(hasCapability(['urn:ietf:params:xml:ns:yang:ietf-interfaces?module=ietf-interfaces&revision=2018-02-20'], 'urn:ietf:params:xml:ns:yang:ietf-interfaces')).toBe(true);
    expect(hasCapability([Capability.candidate], Capability.startup)).toBe(false);
  });
});

describe('rpc and rpc-reply', () => {
  it('wraps one operation with its message-id; unprefixed names fall in the NETCONF namespace', () => {
    const { xml, operation } = buildRpc('101', '<?xml version="1.0"?><get-config><source><running/></source></get-config>');
    expect(operation).toBe('get-config');
    expect(xml).toBe(`<rpc xmlns="${NETCONF_BASE_NS}" message-id="101"><get-config><source><running/></source></get-config></rpc>`);
    const root = XmlElement.parseDocument(xml);
    expect(root.children()[0]!.namespace).toBe(NETCONF_BASE_NS);
  });

  it('refuses a body that is not exactly one element', () => {
    expect(() => buildRpc('1', '<a/><b/>')).toThrow(/content after the root element/);
  });

  it('reads ok, data and the message-id of a reply', () => {
    const ok = parseRpcReply(buildRpcReply({ 'message-id': '5', 'xmlns:ex': 'urn:ex', 'ex:user': 'x' }, '<ok/>'));
    expect([ok.messageId, ok.ok, ok.data, ok.errors]).toEqual(['5', true, undefined, []]);
    expect(ok.root.attribute('ex:user')).toBe('x');
    const data = parseRpcReply(`<rpc-reply xmlns="${NETCONF_BASE_NS}" xmlns:a="urn:a" message-id="6"><data><a:top>007</a:top></data></rpc-reply>`);
    expect(data.data).toBe(`<data xmlns="${NETCONF_BASE_NS}" xmlns:a="urn:a"><a:top>007</a:top></data>`);
  });

  it('turns rpc-errors into a NetconfRpcError with every field, warnings aside', () => {
    const errors = [
      renderRpcError({ type: 'protocol', tag: 'lock-denied', severity: 'error', message: 'Lock held by session 3', info: { 'session-id': '3' } }),
      renderRpcError({ type: 'application', tag: 'invalid-value', severity: 'warning', path: '/a:top', info: {} }),
    ];
    const reply = parseRpcReply(buildRpcReply({ 'message-id': '9' }, errors.join('')));
    expect(reply.warnings).toHaveLength(1);
    const error = (() => {
      try {
        assertReplySucceeded(reply, 'lock');
      } catch (e) {
        return e as NetconfRpcError;
      }
      throw new Error('expected a failure');
    })();
    expect(error).toBeInstanceOf(NetconfRpcError);
    expect([error.errorType, error.errorTag, error.errorSeverity, error.errorMessage, error.errorInfo]).toEqual([
      'protocol',
      'lock-denied',
      'error',
      'Lock held by session 3',
      { 'session-id': '3' },
    ]);
    expect(error.code).toBe('TRANSIENT');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('NETCONF <lock> rpc-error lock-denied (protocol): Lock held by session 3');
  });

  it('reads error-path and structured error-info as another server writes them', () => {
    const element = XmlElement.parseDocument(
      `<rpc-error xmlns="${NETCONF_BASE_NS}" xmlns:t="urn:t"><error-type>application</error-type><error-tag>invalid-value</error-tag>` +
        `<error-severity>error</error-severity><error-app-tag>range</error-app-tag><error-path>\n /t:top/t:vni \n</error-path>` +
        `<error-message xml:lang="en">VNI 0 is out of range</error-message><error-info><bad-element>vni</bad-element><t:detail><t:min>1</t:min></t:detail></error-info></rpc-error>`,
    );
    const detail = readRpcError(element);
    expect(detail).toMatchObject({ type: 'application', tag: 'invalid-value', appTag: 'range', path: '/t:top/t:vni', message: 'VNI 0 is out of range', info: { 'bad-element': 'vni' } });
    expect(detail.infoXml).toContain('xmlns:t="urn:t"');
    expect(new NetconfRpcError(detail).code).toBe('REJECTED');
  });

  it('classifies error tags into retryable and permanent codes', () => {
    const code = (tag: string) => new NetconfRpcError({ type: 'protocol', tag }).code;
    expect(['in-use', 'lock-denied', 'resource-denied'].map(code)).toEqual(['TRANSIENT', 'TRANSIENT', 'TRANSIENT']);
    expect(['invalid-value', 'data-exists', 'operation-not-supported', 'operation-failed'].map(code)).toEqual(['REJECTED', 'REJECTED', 'REJECTED', 'REJECTED']);
    expect(code('malformed-message')).toBe('PROTOCOL');
    expect(code('access-denied')).toBe('AUTH');
  });
});

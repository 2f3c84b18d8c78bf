import { describe, expect, it } from 'vitest';
import { MalformedXmlError } from './xml-element.js';
import { commitRpc, editConfigRpc, getConfigRpc, getRpc, killSessionRpc, validateRpc } from './operations.js';

const NC = 'xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"';

describe('RFC 6241 operation bodies', () => {
  it('builds get and get-config with subtree and XPath filters', () => {
    expect(getRpc()).toBe(`<get ${NC}/>`);
    expect(getConfigRpc('candidate', { subtree: '<a xmlns="urn:a"/><b xmlns="urn:b"/>' })).toBe(
      `<get-config ${NC}><source><candidate/></source><filter type="subtree"><a xmlns="urn:a"/><b xmlns="urn:b"/></filter></get-config>`,
    );
    expect(getRpc({ xpath: "/if:interfaces/if:interface[if:name='a&b']", namespaces: { if: 'urn:if' } })).toBe(
      `<get ${NC}><filter type="xpath" xmlns:if="urn:if" select="/if:interfaces/if:interface[if:name='a&amp;b']"/></get>`,
    );
  });

  it('builds edit-config around a whole <config> (as dialects render it) or around bare elements', () => {
    const options = { defaultOperation: 'replace', errorOption: 'rollback-on-error', testOption: 'test-then-set' } as const;
    expect(editConfigRpc('candidate', `<?xml version="1.0"?><config ${NC}><a xmlns="urn:a"/></config>`, options)).toBe(
      `<edit-config ${NC}><target><candidate/></target><default-operation>replace</default-operation><test-option>test-then-set</test-option>` +
        `<error-option>rollback-on-error</error-option><config ${NC}><a xmlns="urn:a"/></config></edit-config>`,
    );
    expect(editConfigRpc('running', '<a xmlns="urn:a"/><b xmlns="urn:b"/>')).toBe(
      `<edit-config ${NC}><target><running/></target><config><a xmlns="urn:a"/><b xmlns="urn:b"/></config></edit-config>`,
    );
    // An OpenConfig container that happens to be called config is data, not the wrapper.
    expect(editConfigRpc('running', '<config xmlns="http://openconfig.net/yang/system"/>')).toContain('<config><config xmlns="http://openconfig.net/yang/system"/></config>');
    expect(() => editConfigRpc('running', '<a><b></a>')).toThrow(MalformedXmlError);
  });

  it('builds commit for plain, confirmed, persisted and confirming commits', () => {
    expect(commitRpc()).toBe(`<commit ${NC}/>`);
    expect(commitRpc({ confirmed: true, confirmTimeout: 120, persist: 'p1' })).toBe(
      `<commit ${NC}><confirmed/><confirm-timeout>120</confirm-timeout><persist>p1</persist></commit>`,
    );
    expect(commitRpc({ persistId: 'p1' })).toBe(`<commit ${NC}><persist-id>p1</persist-id></commit>`);
    expect(() => commitRpc({ confirmed: true, confirmTimeout: 0 })).toThrow(RangeError);
  });

  it('builds validate of a datastore or of an inline config, and kill-session', () => {
    expect(validateRpc('candidate')).toBe(`<validate ${NC}><source><candidate/></source></validate>`);
    expect(validateRpc({ config: '<a xmlns="urn:a"/>' })).toBe(`<validate ${NC}><source><config><a xmlns="urn:a"/></config></source></validate>`);
    expect(killSessionRpc(12)).toBe(`<kill-session ${NC}><session-id>12</session-id></kill-session>`);
  });
});

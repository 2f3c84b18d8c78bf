import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { MalformedXmlError, XmlElement } from './xml-element.js';

const BASE = 'urn:ietf:params:xml:ns:netconf:base:1.0';

describe('XmlElement', () => {
  it('resolves namespaces of the root and its children, prefixed or default', () => {
    const root = XmlElement.parseDocument(
      `<?xml version="1.0"?>\n<!-- hi --><nc:rpc-reply xmlns:nc="${BASE}" xmlns:if="urn:if" message-id="7&amp;8"><nc:ok/><if:x/><y xmlns="urn:y"/></nc:rpc-reply>\n`,
    );
    expect([root.local, root.prefix, root.namespace, root.attribute('message-id')]).toEqual(['rpc-reply', 'nc', BASE, '7&8']);
    expect(root.children().map((c) => [c.local, c.namespace])).toEqual([
      ['ok', BASE],
      ['x', 'urn:if'],
      ['y', 'urn:y'],
    ]);
  });

  it('hands out a child verbatim, with the namespace declarations it inherited', () => {
    const text = `<rpc-reply xmlns="${BASE}" xmlns:if="urn:if" message-id="1"><data><if:interfaces><if:name>a&amp;b</if:name></if:interfaces></data></rpc-reply>`;
    const data = XmlElement.parseDocument(text).child('data')!;
    expect(data.outerXml()).toBe(`<data xmlns="${BASE}" xmlns:if="urn:if"><if:interfaces><if:name>a&amp;b</if:name></if:interfaces></data>`);
    // What a dialect would then read: the prefixes still resolve.
    expect(XmlElement.parseDocument(data.outerXml()).children()[0]!.namespace).toBe('urn:if');
  });

  it('skips comments, CDATA and quoted ">" when finding where elements end', () => {
    const text = `<r><a t="x>y"><![CDATA[</a> <b>]]><!-- </a> --></a><b/><c>t</c></r>`;
    const root = XmlElement.parseDocument(text);
    expect(root.children().map((c) => c.local)).toEqual(['a', 'b', 'c']);
    expect(root.child('a')!.attribute('t')).toBe('x>y');
    expect(root.child('a')!.text()).toBe('</a> <b>');
    expect(root.child('c')!.text()).toBe('t');
  });

  it('keeps nested elements of the same name apart', () => {
    const root = XmlElement.parseDocument('<config><config><config/></config><x/></config>');
    expect(root.children().map((c) => c.local)).toEqual(['config', 'x']);
    expect(root.child('config')!.outerXml()).toBe('<config><config/></config>');
  });

  it('decodes character references in text', () => {
    expect(XmlElement.parseDocument('<m>&lt;&#233;&#x20AC;&gt;</m>').text()).toBe('<é€>');
  });

  it.each([
    ['mismatched tags', '<a><b></a></b>'],
    ['an unclosed root', '<a><b/>'],
    ['an undeclared prefix', '<x:a/>'],
    ['two roots', '<a/><b/>'],
    ['text after the root', '<a/>junk'],
    ['a document type', '<!DOCTYPE a><a/>'],
    ['an unknown entity', '<a>&nbsp;</a>'],
    ['no root', '   '],
  ])('refuses %s', (_case, text) => {
    expect(() => {
      const root = XmlElement.parseDocument(text);
      root.children().forEach((c) => c.children());
      root.text();
    }).toThrow(MalformedXmlError);
  });

  it('agrees with fast-xml-parser on the structure of a generated document', () => {
    const parts = Array.from({ length: 50 }, (_, i) => `<if:interface n="${i}"><if:name>GE1/0/${i}</if:name><!-- c --><if:mtu>9000</if:mtu></if:interface>`);
    const text = `<data xmlns:if="urn:if">${parts.join('')}</data>`;
    const ours = XmlElement.parseDocument(text)
      .children()
      .map((c) => c.child('name')!.text());
    const theirs = (new XMLParser({ parseTagValue: false }).parse(text).data['if:interface'] as { 'if:name': string }[]).map((i) => i['if:name']);
    expect(ours).toEqual(theirs);
  });
});

import { duplexPair } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { WireLink, type WireMessage, WireProtocolError, parseWireMessage } from './wire-protocol.js';

const frame = (json: string): Buffer => {
  const body = Buffer.from(json);
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length);
  return Buffer.concat([header, body]);
};

function receiver(): { raw: ReturnType<typeof duplexPair>[0]; link: WireLink; got: WireMessage[]; closed: Promise<string> } {
  const [raw, end] = duplexPair();
  const link = new WireLink(end);
  const got: WireMessage[] = [];
  link.onMessage = (m) => got.push(m);
  return { raw, link, got, closed: link.done };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the cable wire protocol', () => {
  it('reads frames split across chunks and several frames in one chunk, in order', async () => {
    const r = receiver();
    const hello = frame(JSON.stringify({ t: 'hello', system: 'spine-1', port: '10GE1/0/1', adminUp: true }));
    const keepalive = frame(JSON.stringify({ t: 'keepalive', session: { mode: 'interface' } }));
    r.raw.write(hello.subarray(0, 3));
    r.raw.write(Buffer.concat([hello.subarray(3), keepalive.subarray(0, 10)]));
    r.raw.write(keepalive.subarray(10));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(r.got.map((m) => m.t)).toEqual(['hello', 'keepalive']);
    r.link.close();
  });

  it('hands messages on after the sender returns, never inside its call', async () => {
    const [a, b] = duplexPair();
    const sender = new WireLink(a);
    const receiverLink = new WireLink(b);
    const got: string[] = [];
    receiverLink.onMessage = (m) => got.push(m.t);
    sender.send({ t: 'keepalive', session: { mode: 'interface' } });
    expect(got).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(got).toEqual(['keepalive']);
    sender.close();
    expect(await receiverLink.done).toMatch(/closed/);
  });

  it.each([
    ['not JSON', frame('{nope'), 'a frame that is not JSON'],
    ['an unknown message', frame('{"t":"bogus"}'), 'unknown message'],
    ['a hello without its fields', frame('{"t":"hello","system":"x"}'), 'a hello without system, port and adminUp'],
    ['an open without a session', frame('{"t":"open","asn":1,"routerId":"1.1.1.1"}'), 'open without a session key'],
    ['a frame too large', Buffer.from([0x7f, 0, 0, 0]), 'a frame of 2130706432 bytes'],
  ])('cuts the cable on %s', async (_what, bytes, reason) => {
    const r = receiver();
    r.raw.write(bytes);
    expect(await r.closed).toContain(reason);
    await settle();
    expect(r.got).toEqual([]);
    expect(r.link.closed).toBe(true);
  });

  it('checks message shapes', () => {
    expect(parseWireMessage('{"t":"withdraw","session":{"mode":"address","from":"10.0.0.1","to":"10.0.0.2"},"keys":[]}')).toMatchObject({ t: 'withdraw' });
    expect(() => parseWireMessage('{"t":"update","session":{"mode":"interface"}}')).toThrow(WireProtocolError);
    expect(() => parseWireMessage('{"t":"keepalive","session":{"mode":"address","from":"x"}}')).toThrow('keepalive without a session key');
  });
});

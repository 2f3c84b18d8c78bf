import type { RevisionChange } from '#persistence';
import { describe, expect, it } from 'vitest';
import { rowFromImage, sameState, stateAfter, summarize } from './rollback-plan.js';

const change = (id: string, op: RevisionChange['op'], before: object | null, after: object | null, kind = 'vpc'): RevisionChange => ({
  kind,
  id,
  op,
  before: before as RevisionChange['before'],
  after: after as RevisionChange['after'],
});

describe('the state right after revision N, from the changes after it', () => {
  it('is the before-image of each object first change: null when created since', () => {
    const entries = stateAfter([
      change('a', 'update', { id: 'a', name: 'at-n', version: 3 }, { id: 'a', name: 'x', version: 4 }),
      change('b', 'create', null, { id: 'b', version: 1 }),
      change('a', 'update', { id: 'a', name: 'x', version: 4 }, { id: 'a', name: 'y', version: 5 }),
      change('c', 'delete', { id: 'c', name: 'gone', version: 7 }, null),
      change('b', 'update', { id: 'b', version: 1 }, { id: 'b', version: 2 }),
    ]);
    expect(entries).toEqual([
      { kind: 'vpc', id: 'a', target: { id: 'a', name: 'at-n', version: 3 }, maxVersion: 5 },
      { kind: 'vpc', id: 'b', target: null, maxVersion: 2 },
      { kind: 'vpc', id: 'c', target: { id: 'c', name: 'gone', version: 7 }, maxVersion: 7 },
    ]);
  });

  it('refuses an object whose first change after N has no before-image', () => {
    expect(() => stateAfter([change('a', 'update', null, { id: 'a' })])).toThrow(/cannot reconstruct vpc a/);
  });

  it('an object created and deleted after N, or deleted and re-created, keeps its first image', () => {
    const [gone] = stateAfter([change('t', 'create', null, { id: 't', version: 1 }), change('t', 'delete', { id: 't', version: 1 }, null)]);
    expect(gone).toMatchObject({ target: null });
  });
});

describe('rows from images', () => {
  // The logical_ports columns, as TypeORM's metadata lists them to the service.
  const columns = ['id', 'createdAt', 'updatedAt', 'version', 'tenantId', 'vpcId', 'name', 'logicalSwitchId', 'ip', 'mac', 'ipMode', 'bindingKind', 'deviceId', 'interfaceName', 'vlan', 'containerNodeId', 'routeException', 'labels', 'ownerKind', 'ownerName', 'ownerUid'];
  const port = {
    id: 'p',
    version: 2,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
    tenantId: 't',
    vpcId: 'v',
    logicalSwitchId: 'ls',
    name: 'web-0',
    ip: '10.0.0.5',
    mac: '02:00:00:00:00:05',
    ipMode: 'allocated',
    binding: { kind: 'leaf-interface', deviceId: 'd', interfaceName: '10GE1/0/1', containerNodeId: null, vlan: 100 },
    routeException: false,
    labels: { app: 'web' },
    owner: null,
  };

  it('maps a port image (binding and owner objects) onto its columns', () => {
    expect(rowFromImage('logical-port', 'logical port', columns, port)).toEqual({
      tenantId: 't',
      vpcId: 'v',
      logicalSwitchId: 'ls',
      name: 'web-0',
      ip: '10.0.0.5',
      mac: '02:00:00:00:00:05',
      ipMode: 'allocated',
      bindingKind: 'leaf-interface',
      deviceId: 'd',
      interfaceName: '10GE1/0/1',
      containerNodeId: null,
      vlan: 100,
      routeException: false,
      labels: { app: 'web' },
      ownerKind: null,
      ownerName: null,
      ownerUid: null,
    });
  });

  it('refuses an image that lacks a field, naming it, instead of guessing', () => {
    const { mac: _m, binding: _b, ...partial } = port;
    expect(() => rowFromImage('logical-port', 'logical port', columns, partial)).toThrow(
      /cannot reconstruct logical port p: its image lacks mac, bindingKind, deviceId, interfaceName, vlan, containerNodeId$/,
    );
  });
});

describe('comparing states and summing up', () => {
  it('ignores version, update time and whether a device has a password, not the order of keys', () => {
    expect(sameState({ id: 'a', version: 1, updatedAt: 'x', b: { y: 1, z: 2 } }, { b: { z: 2, y: 1 }, id: 'a', version: 9, updatedAt: 'y' })).toBe(true);
    expect(sameState({ id: 'a', hasPassword: true }, { id: 'a', hasPassword: false })).toBe(true);
    expect(sameState({ id: 'a', name: 'x' }, { id: 'a', name: 'y' })).toBe(false);
    expect(sameState(null, null)).toBe(true);
    expect(sameState(null, { id: 'a' })).toBe(false);
  });

  it('groups tracked changes per operation and kind, each id once', () => {
    expect(
      summarize([
        { kind: 'vpc', id: 'v', op: 'create' },
        { kind: 'container-node', id: 'n', op: 'update' },
        { kind: 'container-node', id: 'n', op: 'update' },
        { kind: 'logical-port', id: 'p', op: 'delete' },
      ]),
    ).toEqual({ created: { vpc: ['v'] }, updated: { 'container-node': ['n'] }, deleted: { 'logical-port': ['p'] } });
  });
});

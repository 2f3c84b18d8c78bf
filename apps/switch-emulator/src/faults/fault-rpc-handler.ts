import { escapeText, type XmlElement } from '#drivers';
import type { NetconfRpcHandler } from '../netconf/netconf-rpc-handler.js';
import { rpcFail as fail } from '../netconf/rpc-arguments.js';
import { FAULT_NAMES, type FaultName, FaultSettingsError, type SwitchFaultSettings, type SwitchFaults } from './switch-faults.js';

/** The emulator's own operations: not a YANG module of any vendor, only Spinel's emulator answers them. */
export const EMULATOR_NS = 'urn:spinel:emulator';
/** Announced in the hello so a client can tell an emulated switch (and its fault RPCs) from a real one. */
export const EMULATOR_CAPABILITY = `${EMULATOR_NS}:faults:1.0`;

const OPERATIONS = new Set(['set-faults', 'clear-faults', 'get-faults']);

/**
 * Adds `<set-faults>`, `<clear-faults>` and `<get-faults>` in the `urn:spinel:emulator` namespace
 * to a switch's NETCONF handler. They are served on the switch's own NETCONF sessions only, so
 * only its users (the logins it was started with) reach them, after SSH authentication.
 */
export function withFaultRpcs(inner: NetconfRpcHandler, faults: SwitchFaults): NetconfRpcHandler {
  return {
    capabilities: [...inner.capabilities, EMULATOR_CAPABILITY],
    supports: (operation, namespace) => (namespace === EMULATOR_NS && OPERATIONS.has(operation)) || inner.supports(operation, namespace),
    handle(session, name, op) {
      if (op.namespace !== EMULATOR_NS) return inner.handle(session, name, op);
      try {
        if (name === 'set-faults') faults.set(readSettings(op));
        else if (name === 'clear-faults') faults.clear(...readNames(op));
        else return `<data>${renderFaults(faults.current)}</data>`;
      } catch (error) {
        if (error instanceof FaultSettingsError) throw fail({ type: 'application', tag: 'invalid-value', message: error.message });
        throw error;
      }
      return '<ok/>';
    },
    sessionEnded: (session) => inner.sessionEnded?.(session),
  };
}

/** `<set-faults>`: the faults named are set, the others stay as they are. */
function readSettings(op: XmlElement): SwitchFaultSettings {
  const settings: SwitchFaultSettings = {};
  for (const child of op.children()) {
    switch (child.local) {
      case 'latency-ms':
        settings.latencyMs = wholeNumber(child);
        break;
      case 'fail-commit': {
        const message = child.child('message')?.text();
        const times = optionalNumber(child, 'times');
        settings.failCommit = { ...(message !== undefined ? { message } : {}), ...(times !== undefined ? { times } : {}) };
        break;
      }
      case 'drop-on-commit': {
        const when = child.child('when')?.text().trim();
        if (when !== 'before' && when !== 'after') throw invalid(child.local, '<drop-on-commit> needs <when>before</when> or <when>after</when>');
        const times = optionalNumber(child, 'times');
        settings.dropOnCommit = { when, ...(times !== undefined ? { times } : {}) };
        break;
      }
      case 'refuse-login': {
        const text = child.text().trim();
        if (text !== '' && text !== 'true' && text !== 'false') throw invalid(child.local, '<refuse-login> is empty, true or false');
        settings.refuseLogin = text !== 'false';
        break;
      }
      default:
        throw fail({ type: 'application', tag: 'unknown-element', message: `<set-faults> knows ${['latency-ms', 'fail-commit', 'drop-on-commit', 'refuse-login'].join(', ')}`, info: { 'bad-element': child.local } });
    }
  }
  return settings;
}

/** `<clear-faults>` clears all faults, or only those named by `<fault>` children. */
function readNames(op: XmlElement): FaultName[] {
  return op.children().map((child) => {
    const name = child.text().trim();
    if (child.local !== 'fault') throw fail({ type: 'application', tag: 'unknown-element', message: '<clear-faults> takes only <fault> children', info: { 'bad-element': child.local } });
    if (!(FAULT_NAMES as readonly string[]).includes(name)) throw invalid('fault', `unknown fault '${name}'; known: ${FAULT_NAMES.join(', ')}`);
    return name as FaultName;
  });
}

/** The faults set now, in the shape `<set-faults>` takes. */
export function renderFaults(settings: SwitchFaultSettings): string {
  const parts: string[] = [];
  if (settings.latencyMs) parts.push(`<latency-ms>${settings.latencyMs}</latency-ms>`);
  if (settings.failCommit) {
    const { message, times } = settings.failCommit;
    parts.push(`<fail-commit>${message !== undefined ? `<message>${escapeText(message)}</message>` : ''}${times !== undefined ? `<times>${times}</times>` : ''}</fail-commit>`);
  }
  if (settings.dropOnCommit) {
    const { when, times } = settings.dropOnCommit;
    parts.push(`<drop-on-commit><when>${when}</when>${times !== undefined ? `<times>${times}</times>` : ''}</drop-on-commit>`);
  }
  if (settings.refuseLogin) parts.push('<refuse-login/>');
  return `<faults xmlns="${EMULATOR_NS}">${parts.join('')}</faults>`;
}

const invalid = (element: string, message: string) => fail({ type: 'application', tag: 'invalid-value', message, info: { 'bad-element': element } });

function wholeNumber(element: XmlElement): number {
  const text = element.text().trim();
  if (!/^[0-9]{1,9}$/.test(text)) throw invalid(element.local, `<${element.local}> must be a whole number, got '${text}'`);
  return Number(text);
}

function optionalNumber(parent: XmlElement, name: string): number | undefined {
  const element = parent.child(name);
  return element ? wholeNumber(element) : undefined;
}

import { DeviceError } from '#drivers';

/** The DeviceError a promise is rejected with; a success or any other error fails the test, naming it. */
export async function deviceError(promise: Promise<unknown>): Promise<DeviceError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof DeviceError)) {
    throw new Error(`expected a DeviceError, got ${outcome === undefined ? 'success' : outcome instanceof Error ? `${outcome.name}: ${outcome.message}` : String(outcome)}`);
  }
  return outcome;
}

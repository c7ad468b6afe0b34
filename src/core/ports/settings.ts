// The settings port: small named values every process of a deployment shares.

/**
 * Named string values kept in the shared store: generated secrets (the admin token, demo
 * tokens) and one-time markers (first-start provisioning). Contract (the suite in
 * `test/support/store-contract.ts` checks it): `claimSetting` is atomic across processes (of
 * any number of concurrent claims of one name exactly one returns true, and every caller then
 * reads that claim's value); values are committed when the call resolves; of any number of
 * `withLock` calls for one name, from any process, one runs its work at a time, and a holder
 * that dies (its process, its connection) releases the lock.
 */
export interface Settings {
  /** The value stored under `name`, if any. */
  getSetting(name: string): Promise<string | undefined>;
  /** Stores `value` under `name` unless something is there already; true when this call stored it. */
  claimSetting(name: string, value: string, at: number): Promise<boolean>;
  /** Stores `value` under `name`, replacing what was there. */
  putSetting(name: string, value: string, at: number): Promise<void>;
  /** Runs `work` holding the deployment-wide lock `name` (first-start provisioning). */
  withLock<T>(name: string, work: () => Promise<T>): Promise<T>;
}

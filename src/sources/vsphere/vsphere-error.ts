/**
 * What can go wrong when talking to a vSphere endpoint, sorted by what the
 * source does about it. Messages are one line, name the endpoint (URL without
 * credentials) and never contain a password.
 */
import { UserError } from '../../errors';

type VsphereErrorKind =
  /** InvalidLogin: wrong user or password. Not retried. */
  | 'auth'
  /** The session is gone (NotAuthenticated): log in again once and retry. */
  | 'session'
  /** A managed object disappeared (a VM deleted mid-poll): read the inventory again. */
  | 'not-found'
  /** TLS verification failed. Not retried. */
  | 'tls'
  /** Connection refused, reset, name not found: retried with backoff. */
  | 'network'
  /** No answer in time: retried with backoff. */
  | 'timeout'
  /** An HTTP error status without a SOAP fault: retried with backoff. */
  | 'http'
  /** An answer that is not the vSphere API (garbage, HTML, broken XML): retried with backoff. */
  | 'protocol'
  /** Any other SOAP fault. */
  | 'fault'
  /** Bad arguments (no such host): not retried. */
  | 'usage';

export class VsphereError extends UserError {
  constructor(
    readonly kind: VsphereErrorKind,
    message: string,
    /** The fault type for SOAP faults (`NotAuthenticated`, `InvalidLogin`, ...). */
    readonly fault: string | null = null,
    /** ManagedObjectNotFound: the object that is gone (`type:value`). */
    readonly object: string | null = null,
  ) {
    super(message);
    this.name = 'VsphereError';
  }

  /** Worth another try later (the server or the network may come back). */
  get transient(): boolean {
    return this.kind === 'network' || this.kind === 'timeout' || this.kind === 'http' || this.kind === 'protocol' || this.kind === 'session' || this.kind === 'not-found' || this.kind === 'fault';
  }
}

export function isVsphereError(err: unknown, kind?: VsphereErrorKind): err is VsphereError {
  return err instanceof VsphereError && (kind === undefined || err.kind === kind);
}

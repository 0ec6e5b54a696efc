/** Why a feed connection failed, in one line for the user. */
export interface FeedProblem {
  message: string;
  /** Retrying cannot help (wrong token, another protocol version): the status says 'failed'. */
  fatal: boolean;
  /** The problem is the token (exit code 2 with "401 unauthorized"). */
  auth?: boolean;
}

/** `tlsHandshake`: a wss:// connection that has not opened yet (a reset there is a server that does not speak TLS). */
export function describeSocketError(err: Error & { code?: string }, host: string, timeoutMs: number, tlsHandshake = false): FeedProblem {
  const code = err.code ?? '';
  const m = err.message ?? String(err);
  if (tlsHandshake && (code === 'ECONNRESET' || /wrong version number|packet length too long/i.test(m))) {
    return { message: 'TLS handshake failed: the server does not speak TLS (balloontop serve speaks ws://; wss:// needs a TLS proxy in front of it)', fatal: true };
  }
  if (code === 'ECONNREFUSED') return { message: 'connection refused (is balloontop serve running there?)', fatal: false };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { message: `cannot resolve host ${host}`, fatal: false };
  if (code === 'ECONNRESET' || code === 'EPIPE') return { message: 'the connection was reset', fatal: false };
  if (code === 'ETIMEDOUT' || /handshake has timed out/i.test(m)) return { message: `no answer in ${timeoutMs / 1000} s`, fatal: false };
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return { message: `host ${host} is unreachable`, fatal: false };
  if (/no subprotocol|invalid subprotocol/i.test(m)) return { message: 'not a balloontop feed (a WebSocket server that does not speak balloontop-feed)', fatal: true };
  if (/^Parse Error|HPE_/.test(m) || code.startsWith('HPE_')) return { message: 'not a balloontop feed (the server does not answer in HTTP)', fatal: true };
  if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return { message: 'the server sent a message larger than 64 MB', fatal: false };
  if (code.startsWith('WS_ERR_') || /Invalid Sec-WebSocket-Accept|Invalid WebSocket frame/i.test(m)) return { message: `not a balloontop feed (${m})`, fatal: true };
  if (code === 'EPROTO' || /SSL|TLS|certificate/i.test(m)) return { message: `TLS: ${m}`, fatal: true };
  return { message: m, fatal: false };
}

export function describeHttpStatus(status: number, statusText: string): FeedProblem {
  if (status === 401) return { message: '401 unauthorized (wrong or missing token: give --token-file FILE or set BALLOONTOP_TOKEN)', fatal: true, auth: true };
  if (status === 403) return { message: '403 forbidden (the server refuses this origin)', fatal: true };
  if (status === 503) return { message: '503 the server is shutting down or full', fatal: false };
  return { message: `not a balloontop feed (the server answered HTTP ${status}${statusText ? ` ${statusText}` : ''} instead of a WebSocket)`, fatal: true };
}

import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** How long a refused connection may keep sending what is left of its request before it is cut. */
const DRAIN_MS = 2_000;

const ANSWERS: Record<string, { status: number; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'bad_request',
    message: 'The request line and headers are larger than the server accepts (16 KiB)',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'bad_request',
    message: 'The request did not arrive in time',
  },
};

/**
 * The http.Server's `clientError`: a request Node's parser refuses (headers over 16 KiB, bad syntax) gets its
 * answer in the JSON envelope and the connection is closed gracefully. Node's own handler wrote the answer and
 * destroyed the socket at once: with the rest of the request still unread, the kernel then resets the
 * connection and the client never sees the status (ECONNRESET instead of 431).
 */
/** Marks a socket already answered: the parser reports its error again for every later chunk of the request. */
const ANSWERED = Symbol('berth.clientErrorAnswered');
type Marked = Duplex & { [ANSWERED]?: true };

export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  // Already answered and draining: destroying now would reset the connection under the answer (the client,
  // still writing its request, saw EPIPE instead of the status).
  if ((socket as Marked)[ANSWERED]) return;
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  (socket as Marked)[ANSWERED] = true;
  const answer = (err.code && ANSWERS[err.code]) || {
    status: 400,
    code: 'bad_request',
    message: 'The request is not valid HTTP',
  };
  const body = JSON.stringify({ error: answer });
  socket.end(
    `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}\r\nConnection: close\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  // Read and drop what the client still sends, so closing does not reset the connection before it reads the
  // answer; bounded in time.
  socket.on('data', () => {});
  socket.resume();
  const cut = setTimeout(() => socket.destroy(), DRAIN_MS);
  cut.unref();
  socket.once('close', () => clearTimeout(cut));
}

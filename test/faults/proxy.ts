import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fault-injecting proxy on 127.0.0.1 in front of an emulator. It names each request's operation
 * the way AWS does (`service:Operation`, from the signature's scope and the X-Amz-Target header,
 * the Query `Action`, or S3's REST path) and, for the operation a fault targets, answers with the
 * fault instead of (or on top of) the emulator's answer. Everything else passes through.
 */

export type FaultKind =
  | 'throttle-429' // HTTP 429 TooManyRequestsException
  | 'throttle' // each protocol's own throttle error (ThrottlingException, Throttling, RequestLimitExceeded, SlowDown)
  | 'status-500'
  | 'status-503'
  | 'reset' // the socket is destroyed before any answer
  | 'hang' // no answer at all until the client gives up
  | 'denied'
  | 'malformed' // 200 with a body that does not parse
  | 'repeat-token' // every page answers with the token it was asked for, so paging never ends
  | 'expired'; // ExpiredToken on every call after `after` calls in all

export interface Fault {
  kind: FaultKind;
  /** The operation it hits; `*` every operation (used with `expired`). */
  operation: string;
  /** Fault only the first N matching calls (a transient fault); default: every one. */
  first?: number;
  /** `expired`: the credential works for this many calls, then expires. */
  after?: number;
}

export interface FaultProxy {
  url: string;
  fault: Fault | undefined;
  /** Requests per operation (retries included), and how many were faulted. */
  requests: Record<string, number>;
  faulted: number;
  reset(fault: Fault | undefined): void;
  close(): Promise<void>;
}

type Protocol = 'json' | 'query' | 'ec2' | 's3';

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const state = { fault: undefined as Fault | undefined, requests: {} as Record<string, number>, faulted: 0, hits: 0, total: 0 };
  const hanging = new Set<IncomingMessage>();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void handle(req, res, Buffer.concat(chunks)));
  });

  async function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const { operation, protocol } = identify(req, body.toString('utf8'));
    state.requests[operation] = (state.requests[operation] ?? 0) + 1;
    state.total++;
    const f = state.fault;
    const matches = f !== undefined && (f.operation === '*' || f.operation === operation);
    let inject = false;
    // A repeating token needs a token to repeat: first pages pass through, unfaulted.
    const asksForPage = /"(NextToken|nextToken|PaginationToken)":"[^"]/.test(body.toString('utf8'));
    if (f && matches && (f.kind !== 'repeat-token' || asksForPage)) {
      if (f.kind === 'expired') inject = state.total > (f.after ?? 0);
      else {
        state.hits++;
        inject = f.first === undefined || state.hits <= f.first;
      }
    }
    if (!f || !inject) return forward(req, res, body);
    state.faulted++;
    const error = (status: number, code: string, message: string): void => errorAnswer(res, protocol, status, code, message);
    switch (f.kind) {
      case 'throttle-429':
        return error(429, 'TooManyRequestsException', 'Too many requests');
      case 'throttle':
        if (protocol === 'json') return error(400, 'ThrottlingException', 'Rate exceeded');
        if (protocol === 'ec2') return error(503, 'RequestLimitExceeded', 'Request limit exceeded.');
        if (protocol === 's3') return error(503, 'SlowDown', 'Please reduce your request rate.');
        return error(400, 'Throttling', 'Rate exceeded');
      case 'status-500':
        return error(500, protocol === 'json' ? 'InternalFailure' : 'InternalError', 'We encountered an internal error. Please try again.');
      case 'status-503':
        return error(503, 'ServiceUnavailable', 'Service is unavailable');
      case 'reset':
        req.socket.destroy();
        return;
      case 'hang':
        // Hold the request open; the client's timeout ends it (and close() does, at the latest).
        hanging.add(req);
        req.socket.on('close', () => hanging.delete(req));
        return;
      case 'denied':
        if (protocol === 'json') return error(400, 'AccessDeniedException', `User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: ${operation}`);
        if (protocol === 'ec2') return error(403, 'UnauthorizedOperation', 'You are not authorized to perform this operation.');
        return error(403, 'AccessDenied', `User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: ${operation}`);
      case 'expired':
        if (protocol === 'json') return error(400, 'ExpiredTokenException', 'The security token included in the request is expired');
        if (protocol === 'ec2') return error(400, 'RequestExpired', 'Request has expired.');
        return error(protocol === 's3' ? 400 : 403, 'ExpiredToken', 'The security token included in the request is expired');
      case 'malformed': {
        res.writeHead(200, { 'content-type': protocol === 'json' ? 'application/x-amz-json-1.1' : 'text/xml', 'x-amzn-requestid': 'malformed' });
        res.end(protocol === 'json' ? '{"Results": ["{\\"resourceType\\": "], "NextToken": ' : '<?xml version="1.0"?><Response><Unclosed attr="');
        return;
      }
      case 'repeat-token':
        return forward(req, res, body, (text) => repeatToken(text, body.toString('utf8')));
    }
  }

  function forward(req: IncomingMessage, res: ServerResponse, body: Buffer, rewrite?: (text: string) => string): void {
    const out = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (up) => {
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          let payload = Buffer.concat(chunks);
          if (rewrite && (up.statusCode ?? 500) < 300) payload = Buffer.from(rewrite(payload.toString('utf8')));
          const headers = { ...up.headers, 'content-length': String(payload.length) };
          delete headers['transfer-encoding'];
          res.writeHead(up.statusCode ?? 502, headers);
          res.end(payload);
        });
      },
    );
    out.on('error', () => req.socket.destroy());
    out.end(body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get fault() {
      return state.fault;
    },
    set fault(f) {
      state.fault = f;
    },
    get requests() {
      return state.requests;
    },
    get faulted() {
      return state.faulted;
    },
    reset(fault) {
      state.fault = fault;
      state.requests = {};
      state.faulted = 0;
      state.hits = 0;
      state.total = 0;
    },
    close: async () => {
      for (const req of hanging) req.socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** JSON protocol answers: the page token becomes the one the request carried, so the same page comes back for ever. */
function repeatToken(responseText: string, requestText: string): string {
  let response: Record<string, unknown>;
  let sent: Record<string, unknown>;
  try {
    response = JSON.parse(responseText) as Record<string, unknown>;
    sent = requestText ? (JSON.parse(requestText) as Record<string, unknown>) : {};
  } catch {
    return responseText;
  }
  for (const key of ['NextToken', 'nextToken', 'PaginationToken']) {
    const asked = sent[key];
    if (typeof asked === 'string' && asked) response[key] = asked;
  }
  return JSON.stringify(response);
}

function identify(req: IncomingMessage, body: string): { operation: string; protocol: Protocol } {
  const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\//.exec(String(req.headers.authorization ?? ''));
  const service = scope?.[2] ?? 'unknown';
  const target = String(req.headers['x-amz-target'] ?? '');
  const prefix = service === 'tagging' ? 'tag' : service;
  if (target) return { operation: `${prefix}:${target.split('.').pop()!}`, protocol: 'json' };
  if (service === 's3') return { operation: `s3:${s3Operation(req)}`, protocol: 's3' };
  const action = new URLSearchParams(body).get('Action') ?? `${req.method} ${req.url}`;
  return { operation: `${prefix}:${action}`, protocol: service === 'ec2' ? 'ec2' : 'query' };
}

function s3Operation(req: IncomingMessage): string {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const id = url.searchParams.get('x-id');
  if (id) return id;
  const sub: Record<string, string> = { encryption: 'GetBucketEncryption', policy: 'GetBucketPolicy', versioning: 'GetBucketVersioning', publicAccessBlock: 'GetPublicAccessBlock', tagging: 'GetBucketTagging', logging: 'GetBucketLogging', location: 'GetBucketLocation' };
  for (const key of url.searchParams.keys()) if (sub[key]) return sub[key];
  return url.pathname === '/' ? 'ListBuckets' : `${req.method} ${url.pathname}`;
}

function errorAnswer(res: ServerResponse, protocol: Protocol, status: number, code: string, message: string): void {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const [type, body] =
    protocol === 'json'
      ? ['application/x-amz-json-1.1', JSON.stringify({ __type: code, message })]
      : protocol === 's3'
        ? ['application/xml', `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${esc(message)}</Message><RequestId>r</RequestId></Error>`]
        : protocol === 'ec2'
          ? ['text/xml', `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>${esc(message)}</Message></Error></Errors><RequestID>r</RequestID></Response>`]
          : ['text/xml', `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${esc(message)}</Message></Error><RequestId>r</RequestId></ErrorResponse>`];
  res.writeHead(status, { 'content-type': type, 'x-amzn-requestid': 'fault' });
  res.end(body);
}

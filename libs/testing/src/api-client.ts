export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  token?: string | null;
  headers?: Record<string, string>;
  /** Send this exact text instead of JSON-encoding `body`. */
  raw?: string;
}

/** A small HTTP client over real sockets, so tests exercise what an operator's curl does. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly token: string | null,
  ) {}

  as(token: string | null): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  get<T = any>(path: string, o?: RequestOptions) {
    return this.request<T>('GET', path, undefined, o);
  }
  post<T = any>(path: string, body?: unknown, o?: RequestOptions) {
    return this.request<T>('POST', path, body, o);
  }
  patch<T = any>(path: string, body?: unknown, o?: RequestOptions) {
    return this.request<T>('PATCH', path, body, o);
  }
  delete<T = any>(path: string, o?: RequestOptions) {
    return this.request<T>('DELETE', path, undefined, o);
  }

  async request<T>(method: string, path: string, body?: unknown, o: RequestOptions = {}): Promise<ApiResponse<T>> {
    const token = o.token === undefined ? this.token : o.token;
    const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...o.headers };
    const payload = o.raw ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    const url = path.startsWith('/') && !path.startsWith('/api') && !['/healthz', '/readyz'].includes(path) ? `/api/v1${path}` : path;
    const res = await fetch(this.baseUrl + url, { method, headers, body: payload });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: leave the text
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }
}

/** Fail with the server's problem document in the message, instead of a bare status mismatch. */
export function expectStatus<T>(res: ApiResponse<T>, status: number): T {
  if (res.status !== status) throw new Error(`expected HTTP ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

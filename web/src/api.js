// Calls to the incidentmap API. Errors are RFC 7807 problem documents;
// they surface as APIError with the server's detail. Writes need the
// bearer token, asked once and kept for the browser tab's session.

const TOKEN_KEY = 'incidentmap.token';

/** APIError is a failed request, with the HTTP status and the problem's detail. */
export class APIError extends Error {
  constructor(status, detail) {
    super(detail || `HTTP ${status}`);
    this.status = status;
  }
}

async function check(res) {
  if (res.ok) return res.status === 204 ? null : res.json();
  let detail = res.statusText;
  try {
    const p = await res.json();
    detail = p.detail || p.title || detail;
  } catch {
    // not a problem document: keep the status text
  }
  throw new APIError(res.status, detail);
}

/** storedToken is the token kept for this tab, or ''. */
export function storedToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY) || '';
  } catch {
    return '';
  }
}

// headers are a request's headers, with the token when there is one: a
// server started with --public-reads=false wants it for reads too.
function headers(token, extra) {
  const h = { Accept: 'application/json', ...extra };
  const tok = token ?? storedToken();
  if (tok) h.Authorization = `Bearer ${tok}`;
  return h;
}

/** getJSON fetches url and parses the JSON answer. */
export async function getJSON(url, { signal } = {}) {
  return check(await fetch(url, { signal, headers: headers() }));
}

/** getBytes fetches url and answers its body as an ArrayBuffer. */
export async function getBytes(url, { signal } = {}) {
  const res = await fetch(url, { signal, headers: headers(null, { Accept: '*/*' }) });
  if (!res.ok) await check(res); // throws the problem's APIError
  return res.arrayBuffer();
}

/** postJSON posts body as JSON, with token (default: the stored one). */
export async function postJSON(url, body, token) {
  return check(await fetch(url, { method: 'POST', headers: headers(token, { 'Content-Type': 'application/json' }), body: JSON.stringify(body) }));
}

/**
 * Writer sends writes with the bearer token: it asks for the token (with
 * ask, which resolves to the token or null when the analyst cancels) the
 * first time, keeps it in sessionStorage, and asks again once when the
 * server refuses it.
 */
export class Writer {
  constructor(ask) {
    this.ask = ask;
  }

  token() {
    return storedToken();
  }

  /** login asks for the token when the server refuses reads without
   * it; it reports whether one was given. */
  async login() {
    const tok = await this.ask('This server shows its data only with the API token.');
    if (tok) this.remember(tok);
    return Boolean(tok);
  }

  remember(tok) {
    try {
      if (tok) sessionStorage.setItem(TOKEN_KEY, tok);
      else sessionStorage.removeItem(TOKEN_KEY);
    } catch {
      // storage disabled: the token is asked for each write
    }
  }

  /** post posts body to url with the token; null when no token was given. */
  async post(url, body) {
    let tok = this.token();
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!tok) {
        tok = await this.ask(attempt > 0 ? 'The server refused that token. Try again.' : '');
        if (!tok) return null;
      }
      try {
        const res = await postJSON(url, body, tok);
        this.remember(tok);
        return res;
      } catch (err) {
        if (!(err instanceof APIError) || err.status !== 401) throw err;
        this.remember('');
        tok = '';
      }
    }
    throw new APIError(401, 'wrong API token');
  }

  /** del sends DELETE to url with the token; false when no token was given. */
  async del(url) {
    let tok = this.token();
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!tok) {
        tok = await this.ask(attempt > 0 ? 'The server refused that token. Try again.' : '');
        if (!tok) return false;
      }
      const res = await fetch(url, { method: 'DELETE', headers: headers(tok) });
      if (res.status !== 401) {
        await check(res);
        this.remember(tok);
        return true;
      }
      this.remember('');
      tok = '';
    }
    throw new APIError(401, 'wrong API token');
  }
}

// The one HTTP client of the console: base URL, the bearer token from the auth store, JSON in and
// out, the server's error envelope {"error":{"code","message","fields","requestId"}} turned into an
// ApiError, 401 → back to the login page with the server's reason, and a network failure → a
// prompt to retry (never a blank page). The app wires the hooks in main.ts; tests pass their own.

export type FieldErrors = Record<string, string>

export class ApiError extends Error {
  readonly status: number // 0 when the server was not reached
  readonly code: string // "invalid_argument", "unauthenticated", … or "network"
  readonly fields: FieldErrors
  readonly requestId?: string

  constructor(status: number, code: string, message: string, fields: FieldErrors = {}, requestId?: string) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.fields = fields
    this.requestId = requestId
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>

export interface RequestOptions {
  query?: Query
  body?: unknown
  // Send the bearer token (default true).
  auth?: boolean
  // On 401 call onUnauthorized (default true; the login form shows its own 401s).
  redirectOn401?: boolean
}

export interface ClientHooks {
  baseUrl: string
  getToken: () => string | null
  // A session that ended (expired, idle, revoked): the app clears it and shows the login page.
  onUnauthorized: (message: string) => void
  // The server could not be reached: resolve true to send the request again.
  confirmRetry: (message: string) => Promise<boolean>
  fetch: (input: string, init: RequestInit) => Promise<Response>
}

const hooks: ClientHooks = {
  baseUrl: '',
  getToken: () => null,
  onUnauthorized: () => {},
  confirmRetry: async () => false,
  fetch: (input, init) => globalThis.fetch(input, init),
}

export function configureClient(partial: Partial<ClientHooks>): void {
  Object.assign(hooks, partial)
}

export const NETWORK_MESSAGE = '无法连接服务器，请检查网络后重试'

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue
    params.append(key, String(value))
  }
  const qs = params.toString()
  return hooks.baseUrl + path + (qs ? `?${qs}` : '')
}

// The ApiError for a non-2xx response, whatever its body: the envelope when there is one, else a
// message naming the status (a proxy's HTML 502 must not reach the user as markup).
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: unknown = null
  try {
    body = await response.json()
  } catch {
    body = null
  }
  const envelope = (body as { error?: Partial<{ code: string; message: string; fields: FieldErrors; requestId: string }> })
    ?.error
  if (envelope && typeof envelope.message === 'string') {
    return new ApiError(
      response.status,
      envelope.code ?? 'error',
      envelope.message,
      envelope.fields ?? {},
      envelope.requestId ?? response.headers.get('X-Request-Id') ?? undefined,
    )
  }
  const fallback =
    response.status >= 500 ? `服务器暂时无法处理请求（HTTP ${response.status}），请稍后重试` : `请求失败（HTTP ${response.status}）`
  return new ApiError(response.status, 'http_' + response.status, fallback, {}, response.headers.get('X-Request-Id') ?? undefined)
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  const token = options.auth === false ? null : hooks.getToken()
  if (token) headers.Authorization = `Bearer ${token}`
  let body: string | undefined
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  const url = buildUrl(path, options.query)

  for (;;) {
    let response: Response
    try {
      response = await hooks.fetch(url, { method, headers, body })
    } catch {
      if (await hooks.confirmRetry(NETWORK_MESSAGE)) continue
      throw new ApiError(0, 'network', NETWORK_MESSAGE)
    }
    if (response.ok) {
      if (response.status === 204) return undefined as T
      const text = await response.text()
      return (text ? JSON.parse(text) : undefined) as T
    }
    const error = await errorFromResponse(response)
    if (response.status === 401 && options.redirectOn401 !== false) hooks.onUnauthorized(error.message)
    throw error
  }
}

// A non-JSON resource behind the session (QR image, printable HTML): the body as a Blob.
export async function requestBlob(path: string, query?: Query): Promise<Blob> {
  const token = hooks.getToken()
  let response: Response
  try {
    response = await hooks.fetch(buildUrl(path, query), { method: 'GET', headers: token ? { Authorization: `Bearer ${token}` } : {} })
  } catch {
    throw new ApiError(0, 'network', NETWORK_MESSAGE)
  }
  if (!response.ok) {
    const error = await errorFromResponse(response)
    if (response.status === 401) hooks.onUnauthorized(error.message)
    throw error
  }
  return response.blob()
}

// A file as the raw request body (imports): JSON answer, the same errors as request().
export async function requestUpload<T>(path: string, file: Blob, query?: Query, headers: Record<string, string> = {}): Promise<T> {
  const token = hooks.getToken()
  const all: Record<string, string> = { Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream', ...headers }
  if (token) all.Authorization = `Bearer ${token}`
  let response: Response
  try {
    response = await hooks.fetch(buildUrl(path, query), { method: 'POST', headers: all, body: file })
  } catch {
    throw new ApiError(0, 'network', NETWORK_MESSAGE)
  }
  if (!response.ok) {
    const error = await errorFromResponse(response)
    if (response.status === 401) hooks.onUnauthorized(error.message)
    throw error
  }
  return (await response.json()) as T
}

export const http = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown, query?: Query) => request<T>('POST', path, { body: body ?? {}, query }),
  put: <T>(path: string, body?: unknown, query?: Query) => request<T>('PUT', path, { body, query }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
  del: <T>(path: string, query?: Query) => request<T>('DELETE', path, { query }),
}

// A list page as every list endpoint answers it.
export interface Paged<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}

// The text to show for any failure.
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message
  if (error instanceof Error) return error.message
  return String(error)
}

// Splits the server's field errors into those a form shows beside its items (keyed by the form's
// prop names) and the rest, which the page shows as one message. `props` lists the form's props;
// `aliases` maps a server field to a prop where the names differ ("newPassword" → "password").
// Nested names ("points[0]", "fence.kind") fall back to their first segment.
export function mapFieldErrors(
  error: unknown,
  props: readonly string[],
  aliases: Record<string, string> = {},
): { fields: FieldErrors; rest: string[] } {
  const fields: FieldErrors = {}
  const rest: string[] = []
  if (!(error instanceof ApiError)) return { fields, rest }
  for (const [serverField, reason] of Object.entries(error.fields)) {
    const base = serverField.split(/[.[]/)[0]
    const prop = aliases[serverField] ?? aliases[base] ?? (props.includes(serverField) ? serverField : props.includes(base) ? base : undefined)
    if (prop !== undefined && props.includes(prop)) {
      fields[prop] = fields[prop] ? `${fields[prop]}；${reason}` : reason
    } else {
      rest.push(`${serverField}：${reason}`)
    }
  }
  return { fields, rest }
}

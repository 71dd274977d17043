// The API client against a stub fetch: unwrapping, the error envelope, 401 → onUnauthorized,
// network failure → retry prompt, and server field errors mapped onto form props.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, NETWORK_MESSAGE, buildUrl, configureClient, http, mapFieldErrors, request } from '../request'

type Call = { url: string; init: RequestInit }
let calls: Call[] = []

function respond(status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body)
  return new Response(status === 204 ? null : text, { status, headers: { 'Content-Type': 'application/json', ...headers } })
}

function stub(...responses: (Response | Error)[]) {
  const queue = [...responses]
  configureClient({
    fetch: async (url, init) => {
      calls.push({ url, init })
      const next = queue.shift()
      if (!next) throw new Error('no more responses')
      if (next instanceof Error) throw next
      return next
    },
  })
}

// The ApiError a call rejects with (the test fails if it resolves).
const fail = (p: Promise<unknown>): Promise<ApiError> =>
  p.then(
    () => {
      throw new Error('expected the call to fail')
    },
    (e: ApiError) => e,
  )

const onUnauthorized = vi.fn()
const confirmRetry = vi.fn(async () => false)

beforeEach(() => {
  calls = []
  onUnauthorized.mockReset()
  confirmRetry.mockReset()
  confirmRetry.mockResolvedValue(false)
  configureClient({ baseUrl: '', getToken: () => 'tok123', onUnauthorized, confirmRetry })
})

describe('request', () => {
  it('sends the bearer token and JSON, and unwraps the body', async () => {
    stub(respond(201, { id: 'd1', name: '历下区人社局' }))
    const created = await http.post<{ id: string }>('/api/v1/departments', { name: '历下区人社局' })
    expect(created.id).toBe('d1')
    const headers = calls[0].init.headers as Record<string, string>
    expect(headers.Authorization).toBe('Bearer tok123')
    expect(headers['Content-Type']).toBe('application/json')
    expect(calls[0].init.method).toBe('POST')
    expect(calls[0].init.body).toBe('{"name":"历下区人社局"}')
  })

  it('leaves out empty query values and encodes the rest', () => {
    expect(buildUrl('/api/v1/users', { role: '', regionCode: '3701', page: 2, username: undefined, q: '张 三' })).toBe(
      '/api/v1/users?regionCode=3701&page=2&q=%E5%BC%A0+%E4%B8%89',
    )
  })

  it('returns undefined for 204', async () => {
    stub(respond(204, undefined))
    await expect(request('POST', '/api/v1/auth/logout', { body: {} })).resolves.toBeUndefined()
  })

  it('turns the error envelope into an ApiError with fields and request id', async () => {
    stub(
      respond(400, {
        error: { code: 'invalid_argument', message: '输入有误', fields: { name: '必填', regionCode: '不存在' }, requestId: 'r-1' },
      }),
    )
    const error = await fail(http.post('/api/v1/departments', {}))
    expect(error).toBeInstanceOf(ApiError)
    expect(error.status).toBe(400)
    expect(error.code).toBe('invalid_argument')
    expect(error.message).toBe('输入有误')
    expect(error.fields).toEqual({ name: '必填', regionCode: '不存在' })
    expect(error.requestId).toBe('r-1')
    expect(onUnauthorized).not.toHaveBeenCalled()
  })

  it('gives a readable message when the body is not the envelope', async () => {
    stub(respond(502, '<html>Bad Gateway</html>', { 'Content-Type': 'text/html', 'X-Request-Id': 'gw' }))
    const error = await fail(http.get('/api/v1/health'))
    expect(error.status).toBe(502)
    expect(error.message).toContain('HTTP 502')
    expect(error.message).not.toContain('<html>')
  })

  it('on 401 hands the server reason to onUnauthorized (idle timeout)', async () => {
    stub(respond(401, { error: { code: 'unauthenticated', message: '长时间未操作，会话已超时，请重新登录' } }))
    await expect(http.get('/api/v1/auth/me')).rejects.toMatchObject({ status: 401 })
    expect(onUnauthorized).toHaveBeenCalledWith('长时间未操作，会话已超时，请重新登录')
  })

  it('a login 401 or 423 stays on the form (no redirect), without a token', async () => {
    stub(respond(423, { error: { code: 'locked', message: '连续登录失败次数过多，账号已锁定，请于 10:30 后重试' } }))
    const error = await fail(request('POST', '/api/v1/auth/login', { body: {}, auth: false, redirectOn401: false }))
    expect(error.status).toBe(423)
    expect(error.message).toContain('账号已锁定')
    expect((calls[0].init.headers as Record<string, string>).Authorization).toBeUndefined()
    stub(respond(401, { error: { code: 'unauthenticated', message: '用户名或密码错误' } }))
    await request('POST', '/api/v1/auth/login', { body: {}, auth: false, redirectOn401: false }).catch(() => {})
    expect(onUnauthorized).not.toHaveBeenCalled()
  })

  it('asks before retrying after a network failure, and retries when told to', async () => {
    confirmRetry.mockResolvedValueOnce(true)
    stub(new TypeError('Failed to fetch'), respond(200, { status: 'ok' }))
    await expect(http.get<{ status: string }>('/api/v1/health')).resolves.toEqual({ status: 'ok' })
    expect(confirmRetry).toHaveBeenCalledWith(NETWORK_MESSAGE)
    expect(calls).toHaveLength(2)
  })

  it('gives up with a network ApiError when the user declines', async () => {
    stub(new TypeError('Failed to fetch'))
    const error = await fail(http.get('/api/v1/health'))
    expect(error).toBeInstanceOf(ApiError)
    expect(error.status).toBe(0)
    expect(error.code).toBe('network')
    expect(error.message).toBe(NETWORK_MESSAGE)
  })
})

describe('mapFieldErrors', () => {
  const error = new ApiError(400, 'invalid_argument', '输入有误', {
    username: '用户名已存在',
    newPassword: '密码至少 8 位',
    'fence.kind': '取值无效',
    'points[0]': '须为 [经度, 纬度]',
    body: '不是有效的 JSON',
  })

  it('places fields on the form props, aliases and nested names included', () => {
    const { fields, rest } = mapFieldErrors(error, ['username', 'password', 'fence', 'points'], { newPassword: 'password' })
    expect(fields).toEqual({ username: '用户名已存在', password: '密码至少 8 位', fence: '取值无效', points: '须为 [经度, 纬度]' })
    expect(rest).toEqual(['body：不是有效的 JSON'])
  })

  it('joins two reasons for the same prop', () => {
    const e = new ApiError(400, 'invalid_argument', 'x', { 'points[0]': 'a', 'points[1]': 'b' })
    expect(mapFieldErrors(e, ['points']).fields.points).toBe('a；b')
  })

  it('ignores anything that is not an ApiError', () => {
    expect(mapFieldErrors(new Error('boom'), ['name'])).toEqual({ fields: {}, rest: [] })
  })
})

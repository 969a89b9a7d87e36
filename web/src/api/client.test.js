import { afterEach, describe, expect, it, vi } from 'vitest'
import { api, queryString, setToken, setUnauthenticatedHandler } from './client.js'
import { ApiError, describeError } from './errors.js'

function respond(status, body) {
  return vi.fn(async () => ({ status, ok: status >= 200 && status < 300, text: async () => (body === undefined ? '' : JSON.stringify(body)) }))
}

afterEach(() => {
  vi.unstubAllGlobals()
  setToken('')
  setUnauthenticatedHandler(() => {})
})

describe('the API client', () => {
  it('sends the token and JSON, and leaves empty query values out', async () => {
    const fetch = respond(200, { items: [] })
    vi.stubGlobal('fetch', fetch)
    setToken('t0k')
    await api.get('/orders', { state: ['dispatched', 'handling'], q: '', page: 2 })
    const [url, init] = fetch.mock.calls[0]
    expect(url).toBe('/api/v1/orders?state=dispatched%2Chandling&page=2')
    expect(init.headers.Authorization).toBe('Bearer t0k')
    expect(queryString({})).toBe('')
  })

  it('turns error bodies into ApiError with the field, in Chinese', async () => {
    vi.stubGlobal('fetch', respond(400, { error: { code: 'missing_field', message: '缺少字段 title', field: 'title' } }))
    const err = await api.post('/orders', {}).catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(400)
    expect(err.field).toBe('title')
    expect(describeError(err)).toBe('缺少字段 title（字段：标题）')
  })

  it('explains failures without a body, and a dead network', async () => {
    vi.stubGlobal('fetch', respond(503))
    expect(describeError(await api.get('/orders').catch((e) => e))).toBe('服务器暂不可用，请稍后重试')
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch') }))
    const err = await api.get('/orders').catch((e) => e)
    expect(err.status).toBe(0)
    expect(err.message).toContain('无法连接服务器')
  })

  it('reports an ended session once per 401, but not a failed login', async () => {
    const ended = vi.fn()
    setUnauthenticatedHandler(ended)
    vi.stubGlobal('fetch', respond(401, { error: { code: 'unauthenticated', message: '请先登录', field: '' } }))
    await api.get('/orders').catch(() => {})
    expect(ended).toHaveBeenCalledTimes(1)
    await api.post('/auth/login', { username: 'a', password: 'b' }).catch(() => {})
    expect(ended).toHaveBeenCalledTimes(1)
  })
})

import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { api } from '@/api/client.js'
import { useAuthStore } from './auth.js'

const user = { id: 2, username: 'agent1', role: 'agent', role_name: '话务员', unit_id: 1 }
const inAnHour = () => new Date(Date.now() + 3600000).toISOString()

function respondWith(status, body) {
  return vi.fn(async () => ({ status, ok: status < 300, text: async () => (body ? JSON.stringify(body) : '') }))
}

beforeEach(() => {
  setActivePinia(createPinia())
  localStorage.clear()
  vi.unstubAllGlobals()
})

describe('the session', () => {
  it('logs in, keeps the session across a reload and sends the token', async () => {
    vi.stubGlobal('fetch', respondWith(200, { token: 'abc', user, expires_at: inAnHour() }))
    const auth = useAuthStore()
    auth.restore()
    await auth.login('agent1', 'secret')
    expect(auth.loggedIn).toBe(true)
    expect(auth.role).toBe('agent')

    setActivePinia(createPinia()) // a reload: a fresh store from what was saved
    const again = useAuthStore()
    again.restore()
    expect(again.user.username).toBe('agent1')
    const fetch = respondWith(200, { items: [] })
    vi.stubGlobal('fetch', fetch)
    await api.get('/orders')
    expect(fetch.mock.calls[0][1].headers.Authorization).toBe('Bearer abc')
  })

  it('forgets a saved session that has expired', () => {
    localStorage.setItem('hotline.session', JSON.stringify({ token: 'old', user, expires_at: '2020-01-01T00:00:00Z' }))
    const auth = useAuthStore()
    auth.restore()
    expect(auth.loggedIn).toBe(false)
  })

  it('ends the session with a notice when the server answers 401', async () => {
    vi.stubGlobal('fetch', respondWith(200, { token: 'abc', user, expires_at: inAnHour() }))
    const auth = useAuthStore()
    auth.restore()
    await auth.login('agent1', 'secret')
    vi.stubGlobal('fetch', respondWith(401, { error: { code: 'unauthenticated', message: '请先登录', field: '' } }))
    await api.get('/orders').catch(() => {})
    expect(auth.loggedIn).toBe(false)
    expect(auth.expiredNotice).toBe('登录已失效，请重新登录')
    expect(localStorage.getItem('hotline.session')).toBeNull()
  })

  it('keeps the user out on wrong credentials', async () => {
    vi.stubGlobal('fetch', respondWith(401, { error: { code: 'invalid_credentials', message: '用户名或密码错误', field: '' } }))
    const auth = useAuthStore()
    auth.restore()
    await expect(auth.login('agent1', 'wrong')).rejects.toMatchObject({ code: 'invalid_credentials' })
    expect(auth.loggedIn).toBe(false)
    expect(auth.expiredNotice).toBe('')
  })
})

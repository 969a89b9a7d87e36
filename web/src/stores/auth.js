// The logged-in user and the session's token. The token survives a reload
// (localStorage) until it expires or the user logs out; a 401 from any call
// ends the session and sends the user to the login page with a notice.
import { defineStore } from 'pinia'
import { api, setToken, setUnauthenticatedHandler } from '@/api/client.js'

const KEY = 'hotline.session'

function loadSaved() {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) || 'null')
    if (saved && saved.token && Date.parse(saved.expires_at) > Date.now()) return saved
  } catch {
    /* a damaged entry is as good as none */
  }
  return null
}

export const useAuthStore = defineStore('auth', {
  state: () => ({ token: '', user: null, expiresAt: '', expiredNotice: '' }),
  getters: {
    loggedIn: (s) => !!s.token && !!s.user,
    role: (s) => (s.user ? s.user.role : ''),
  },
  actions: {
    restore() {
      const saved = loadSaved()
      if (saved) {
        this.token = saved.token
        this.user = saved.user
        this.expiresAt = saved.expires_at
        setToken(saved.token)
      }
      setUnauthenticatedHandler(() => this.expire('登录已失效，请重新登录'))
    },
    async login(username, password) {
      const r = await api.post('/auth/login', { username, password })
      this.token = r.token
      this.user = r.user
      this.expiresAt = r.expires_at
      this.expiredNotice = ''
      setToken(r.token)
      localStorage.setItem(KEY, JSON.stringify({ token: r.token, user: r.user, expires_at: r.expires_at }))
      return r.user
    },
    async logout() {
      try {
        if (this.token) await api.post('/auth/logout')
      } catch {
        /* the session is dropped here whatever the server says */
      }
      this.clear()
    },
    // The session ended on the server (expired, revoked): forget it and say why.
    expire(notice) {
      if (!this.token) return
      this.clear()
      this.expiredNotice = notice
    },
    clear() {
      this.token = ''
      this.user = null
      this.expiresAt = ''
      setToken('')
      localStorage.removeItem(KEY)
    },
  },
})

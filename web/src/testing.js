// Test support for page components: mounts a page with the real Element
// Plus, a fresh pinia (logged in as `user`) and a memory router, with
// `fetch` answering from a table of "METHOD /path" → body (the query string
// is ignored unless the key has one).
import { vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createRouter, createMemoryHistory } from 'vue-router'
import ElementPlus from 'element-plus'
import * as Icons from '@element-plus/icons-vue'
import { setToken } from '@/api/client.js'
import { useAuthStore } from '@/stores/auth.js'
import { useReferenceStore } from '@/stores/reference.js'

export function stubApi(routes) {
  const calls = []
  const fetch = vi.fn(async (url, init = {}) => {
    const method = init.method || 'GET'
    const path = url.replace(/^\/api\/v1/, '')
    calls.push({ method, path, body: init.body ? JSON.parse(init.body) : undefined })
    const key = [`${method} ${path}`, `${method} ${path.split('?')[0]}`].find((k) => k in routes)
    if (!key) return { ok: false, status: 404, text: async () => JSON.stringify({ error: { code: 'not_found', message: `未找到 ${path}` } }) }
    const value = typeof routes[key] === 'function' ? routes[key](path, init) : routes[key]
    const status = value && value.__status ? value.__status : 200
    const body = value && value.__status ? value.body : value
    return { ok: status < 300, status, text: async () => JSON.stringify(body) }
  })
  vi.stubGlobal('fetch', fetch)
  return { fetch, calls }
}

export async function mountPage(component, { user = { id: 7, username: 'supervisor1', role: 'supervisor', unit_id: 1 }, units = [], props = {} } = {}) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const auth = useAuthStore(pinia)
  auth.token = 't0k'
  auth.user = user
  setToken('t0k')
  const reference = useReferenceStore(pinia)
  reference.units = units
  reference.loaded = true
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { template: '<div />' } }] })
  await router.push('/')
  const wrapper = mount(component, {
    props,
    attachTo: document.body,
    global: { plugins: [pinia, router, ElementPlus], components: Icons },
  })
  await settle()
  return wrapper
}

// Lets the stubbed requests answer and the page render them.
export async function settle() {
  for (let i = 0; i < 5; i++) {
    await flushPromises()
    await new Promise((r) => setTimeout(r, 0))
  }
}

// The texts of a table's body rows.
export function rowTexts(wrapper, selector) {
  return wrapper.findAll(`${selector} .el-table__body-wrapper tbody tr`).map((r) => r.text())
}

// The one way the pages talk to the server: JSON over fetch with the bearer
// token, errors as ApiError. A 401 on any call but the login means the
// session ended; `onUnauthenticated` (set by the auth store) handles it once.
import { ApiError, errorFromResponse, networkError } from './errors.js'

let token = ''
let onUnauthenticated = () => {}

export function setToken(value) {
  token = value || ''
}
export function setUnauthenticatedHandler(fn) {
  onUnauthenticated = fn
}

// "a=1&b=2" from an object, leaving out empty values.
export function queryString(params = {}) {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue
    q.set(k, Array.isArray(v) ? v.join(',') : String(v))
  }
  const s = q.toString()
  return s ? `?${s}` : ''
}

export async function request(method, path, { body, query } = {}) {
  const headers = { Accept: 'application/json' }
  if (token) headers.Authorization = `Bearer ${token}`
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  let response
  try {
    response = await fetch(`/api/v1${path}${queryString(query)}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw networkError()
  }
  if (response.status === 204) return null
  const text = await response.text()
  let parsed = null
  try {
    parsed = text ? JSON.parse(text) : null
  } catch {
    parsed = null
  }
  if (!response.ok) {
    const err = errorFromResponse(response.status, parsed)
    if (response.status === 401 && path !== '/auth/login') onUnauthenticated(err)
    throw err
  }
  return parsed
}

export const api = {
  get: (path, query) => request('GET', path, { query }),
  post: (path, body = {}) => request('POST', path, { body }),
  put: (path, body) => request('PUT', path, { body }),
  patch: (path, body) => request('PATCH', path, { body }),
  del: (path, query) => request('DELETE', path, { query }),
  // Takes an order action; `version` guards against acting on a stale order.
  act: (id, action, body = {}) => request('POST', `/orders/${id}/actions/${action}`, { body }),
}

// A file from the API (a report's .xlsx or printable .html) as a Blob: it
// needs the bearer token, so a plain link will not do. `onProgress(f)` gets
// the fraction received (0..1) when the server says how large it is, else -1.
export async function fetchBlob(path, onProgress = () => {}) {
  const headers = {}
  if (token) headers.Authorization = `Bearer ${token}`
  let response
  try {
    response = await fetch(`/api/v1${path}`, { headers })
  } catch {
    throw networkError()
  }
  if (!response.ok) {
    let parsed = null
    try {
      parsed = JSON.parse(await response.text())
    } catch {
      parsed = null
    }
    const err = errorFromResponse(response.status, parsed)
    if (response.status === 401) onUnauthenticated(err)
    throw err
  }
  const type = response.headers?.get?.('Content-Type') || ''
  const size = Number(response.headers?.get?.('Content-Length') || 0)
  if (!response.body || !response.body.getReader) {
    const blob = await response.blob()
    onProgress(1)
    return blob
  }
  const reader = response.body.getReader()
  const chunks = []
  let received = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    received += value.length
    onProgress(size ? Math.min(1, received / size) : -1)
  }
  onProgress(1)
  return new Blob(chunks, { type })
}

export { ApiError }

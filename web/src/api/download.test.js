import { afterEach, describe, expect, it, vi } from 'vitest'
import { fetchBlob, setToken, setUnauthenticatedHandler } from './client.js'
import { reportFileName } from './download.js'

afterEach(() => {
  vi.unstubAllGlobals()
  setToken('')
  setUnauthenticatedHandler(() => {})
})

function streamOf(parts) {
  let i = 0
  return { getReader: () => ({ read: async () => (i < parts.length ? { done: false, value: parts[i++] } : { done: true }) }) }
}

describe('fetching files with the token', () => {
  it('sends the bearer token and reports progress while reading', async () => {
    const fetch = vi.fn(async () => ({
      ok: true,
      status: 200,
      headers: new Headers({ 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Length': '4' }),
      body: streamOf([new Uint8Array([1, 2]), new Uint8Array([3, 4])]),
    }))
    vi.stubGlobal('fetch', fetch)
    setToken('t0k')
    const seen = []
    const blob = await fetchBlob('/reports/5.xlsx', (f) => seen.push(f))
    expect(fetch.mock.calls[0][0]).toBe('/api/v1/reports/5.xlsx')
    expect(fetch.mock.calls[0][1].headers.Authorization).toBe('Bearer t0k')
    expect(blob.size).toBe(4)
    expect(seen).toEqual([0.5, 1, 1])
  })

  it('turns a refusal into a Chinese error and ends the session on 401', async () => {
    const ended = vi.fn()
    setUnauthenticatedHandler(ended)
    const body = { error: { code: 'role_not_allowed', message: '只有督办员、领导、人大代表或系统管理员可以查看报告', field: '' } }
    vi.stubGlobal('fetch', vi.fn(async () => ({ ok: false, status: 403, text: async () => JSON.stringify(body) })))
    const err = await fetchBlob('/reports/5.html').catch((e) => e)
    expect(err.status).toBe(403)
    expect(err.message).toContain('只有督办员')
    vi.stubGlobal('fetch', vi.fn(async () => ({ ok: false, status: 401, text: async () => '' })))
    await fetchBlob('/reports/5.html').catch(() => {})
    expect(ended).toHaveBeenCalledTimes(1)
  })

  it('names report files after the kind and period', () => {
    expect(reportFileName({ kind_name: '月报告', from: '2026-11-01', to: '2026-11-30' }, 'xlsx')).toBe('月报告_2026-11-01_2026-11-30.xlsx')
  })
})

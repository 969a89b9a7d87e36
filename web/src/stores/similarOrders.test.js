import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { DEBOUNCE_MS, probeOf, useSimilarOrders } from './similarOrders.js'

const blank = { title: '', content: '', address: '', caller_phone: '', category_id: null, community_unit_id: null }
const candidate = { id: 7, number: '2026112600007', title: '工地夜间施工噪音', reasons: ['相似文本（约 80%）', '同一地址'] }

// A fetch that answers each call with the next body and records the requests.
function server(...bodies) {
  const calls = []
  const fetch = vi.fn(async (url, init) => {
    calls.push({ url, method: init.method, body: init.body ? JSON.parse(init.body) : undefined })
    const body = bodies[Math.min(calls.length - 1, bodies.length - 1)]
    return { status: 200, ok: true, text: async () => JSON.stringify(body) }
  })
  vi.stubGlobal('fetch', fetch)
  return calls
}

beforeEach(() => {
  setActivePinia(createPinia())
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('what is worth a lookup', () => {
  it('waits for six characters of text, a number or an address', () => {
    expect(probeOf({ ...blank, title: '噪音扰民' })).toBeNull()
    expect(probeOf({ ...blank, title: '噪音', content: '扰民严重' })).toEqual({ title: '噪音', content: '扰民严重' })
    expect(probeOf({ ...blank, caller_phone: '1381234' })).toEqual({ caller_phone: '1381234' })
    expect(probeOf({ ...blank, caller_phone: '138' })).toBeNull()
    expect(probeOf({ ...blank, address: '中华路100号', title: '噪音' })).toEqual({ address: '中华路100号' })
    expect(probeOf({ ...blank, content: '  夜间施工噪音  ', category_id: 5, community_unit_id: 9 })).toEqual({
      content: '夜间施工噪音',
      category_id: 5,
      community_unit_id: 9,
    })
  })
})

describe('looking up while the agent types', () => {
  it('asks once after a pause, with the latest text', async () => {
    const calls = server({ items: [candidate], warnings: [{ code: 'repeat_caller', message: '重复来电：…' }] })
    const store = useSimilarOrders()
    store.schedule({ ...blank, content: '夜间施工' })
    store.schedule({ ...blank, content: '夜间施工噪' })
    store.schedule({ ...blank, content: '夜间施工噪音' })
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS - 50)
    expect(calls).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(100)
    expect(calls).toHaveLength(1)
    expect(calls[0].url).toBe('/api/v1/intake/similar')
    expect(calls[0].body).toEqual({ content: '夜间施工噪音' })
    expect(store.items.map((i) => i.id)).toEqual([7])
    expect(store.warnings[0].code).toBe('repeat_caller')

    // The same probe again is not asked twice; too little text clears the panel.
    store.schedule({ ...blank, content: '夜间施工噪音' })
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS + 10)
    expect(calls).toHaveLength(1)
    store.schedule({ ...blank, content: '夜间' })
    expect(store.items).toEqual([])
    expect(store.warnings).toEqual([])
  })

  it('drops an answer that a newer lookup overtook', async () => {
    let release
    const slow = new Promise((r) => (release = r))
    const answers = [
      slow.then(() => ({ items: [{ ...candidate, id: 1 }], warnings: [] })),
      Promise.resolve({ items: [{ ...candidate, id: 2 }], warnings: [] }),
    ]
    let n = 0
    vi.stubGlobal('fetch', vi.fn(async () => {
      const body = await answers[n++]
      return { status: 200, ok: true, text: async () => JSON.stringify(body) }
    }))
    const store = useSimilarOrders()
    const first = store.lookup({ content: '第一次输入的内容' })
    await store.lookup({ content: '第二次输入的内容' })
    release()
    await first
    expect(store.items.map((i) => i.id)).toEqual([2])
    expect(store.loading).toBe(false)
  })
})

describe('并单', () => {
  it('saves the new order and merges it into the candidate, saying why', async () => {
    const calls = server({ id: 31, number: '2026112600031' }, { id: 31, state: 'merged', merged_into: 7 })
    const store = useSimilarOrders()
    const { order, merged } = await store.saveAndMerge({ title: '施工噪音', content: '夜间施工噪音' }, candidate)
    expect(order.id).toBe(31)
    expect(merged.state).toBe('merged')
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['POST /api/v1/orders', 'POST /api/v1/orders/31/actions/merge'])
    expect(calls[1].body).toEqual({ into_id: 7, note: '受理时并单：相似文本（约 80%）、同一地址' })
  })
})

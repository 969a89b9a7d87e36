import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { DEBOUNCE_MS, draftProbeOf, modelLabel, percent, placeLabel, unavailableNote, useDispatchSuggestions } from './dispatchSuggestions.js'

const blank = { title: '', content: '', address: '', category_id: null }
const answer = {
  model_version: 3,
  categories: [{ category_id: 41, name: '建筑施工噪音', confidence: 0.6234, reasons: ['模型：文本相似的已办结工单'] }],
  units: [{ unit_id: 12, name: '夫子庙街道', kind: 'street', confidence: 0.71, reasons: ['权责清单：“施工噪音”'] }],
  place: { street_unit_id: 12, street_name: '夫子庙街道', community_unit_id: 30, community_name: '钞库街社区', confidence: 0.9, names: ['老门东'] },
}

// A fetch answering with `status`/`body` in turn, recording the requests.
function server(...replies) {
  const calls = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url, init) => {
      calls.push({ url, method: init.method, body: init.body ? JSON.parse(init.body) : undefined })
      const r = replies[Math.min(calls.length - 1, replies.length - 1)]
      const status = r.__status || 200
      const body = r.__status ? r.body : r
      return { status, ok: status < 300, text: async () => JSON.stringify(body) }
    }),
  )
  return calls
}

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('what is shown', () => {
  it('turns confidences into whole percents and names the model', () => {
    expect(percent(0.8734)).toBe(87)
    expect(percent(1.2)).toBe(100)
    expect(percent(null)).toBe(0)
    expect(percent('x')).toBe(0)
    expect(modelLabel(3)).toBe('模型 v3')
    expect(modelLabel(null)).toBe('未训练模型，依据权责清单与地名')
    expect(placeLabel(answer.place)).toBe('夫子庙街道 / 钞库街社区')
    expect(placeLabel({ street_name: '夫子庙街道', community_name: null })).toBe('夫子庙街道')
    expect(placeLabel(null)).toBe('')
  })

  it('explains a missing service without blocking', () => {
    expect(unavailableNote({ code: 'dispatch_unavailable', message: '派单建议服务未启用' })).toBe('派单建议服务未启用')
    expect(unavailableNote({ code: 'forbidden', message: '无权查看派单建议' })).toBe('暂无派单建议：无权查看派单建议')
  })
})

describe('at intake', () => {
  it('waits for six characters of content and leaves the chosen category out', () => {
    expect(draftProbeOf({ ...blank, title: '夜间施工噪音扰民', content: '噪音' })).toBeNull()
    expect(draftProbeOf({ ...blank, content: ' 工地夜间施工 ', address: ' 中华路 ', category_id: 41 })).toEqual({ content: '工地夜间施工', address: '中华路' })
    expect(draftProbeOf({ ...blank, title: '噪音', content: '工地夜间施工' })).toEqual({ title: '噪音', content: '工地夜间施工' })
  })

  it('asks once after a pause, then not again for the same text', async () => {
    vi.useFakeTimers()
    const calls = server(answer)
    const store = useDispatchSuggestions()
    store.schedule({ ...blank, content: '工地夜间施' })
    store.schedule({ ...blank, content: '工地夜间施工' })
    store.schedule({ ...blank, content: '工地夜间施工噪音' })
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS - 50)
    expect(calls).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(100)
    expect(calls).toHaveLength(1)
    expect(calls[0].url).toBe('/api/v1/dispatch/suggest')
    expect(calls[0].method).toBe('POST')
    expect(calls[0].body).toEqual({ content: '工地夜间施工噪音' })
    expect(store.draft.categories.map((c) => c.category_id)).toEqual([41])
    expect(store.hasDraft).toBe(true)
    expect(store.draftLoading).toBe(false)

    store.schedule({ ...blank, content: '工地夜间施工噪音', category_id: 41 })
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS + 10)
    expect(calls).toHaveLength(1)
    // Too little content clears the suggestions.
    store.schedule({ ...blank, content: '工地' })
    expect(store.draft.categories).toEqual([])
  })

  it('keeps a failure as a note and asks again next time', async () => {
    const calls = server({ __status: 503, body: { error: { code: 'dispatch_unavailable', message: '派单建议服务未启用' } } }, answer)
    const store = useDispatchSuggestions()
    await store.suggest({ content: '工地夜间施工噪音' })
    expect(store.draftError).toBe('派单建议服务未启用')
    expect(store.draft.categories).toEqual([])
    await store.suggest({ content: '工地夜间施工噪音' })
    expect(calls).toHaveLength(2)
    expect(store.draftError).toBe('')
    expect(store.draft.model_version).toBe(3)
  })

  it('drops an answer that a newer lookup overtook', async () => {
    let release
    const slow = new Promise((r) => (release = r))
    const bodies = [slow.then(() => ({ ...answer, model_version: 1 })), Promise.resolve({ ...answer, model_version: 2 })]
    let n = 0
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        const body = await bodies[n++]
        return { status: 200, ok: true, text: async () => JSON.stringify(body) }
      }),
    )
    const store = useDispatchSuggestions()
    const first = store.suggest({ content: '第一次输入的内容' })
    await store.suggest({ content: '第二次输入的内容' })
    release()
    await first
    expect(store.draft.model_version).toBe(2)
    expect(store.draftLoading).toBe(false)
  })
})

describe('for a saved order', () => {
  it('loads the order\'s suggestions', async () => {
    const calls = server({ ...answer, model_version: null })
    const store = useDispatchSuggestions()
    await store.loadForOrder(5)
    expect(calls[0].url).toBe('/api/v1/orders/5/suggestions')
    expect(store.order.units[0].name).toBe('夫子庙街道')
    expect(store.order.model_version).toBeNull()
    expect(store.orderLoading).toBe(false)
    store.clearOrder()
    expect(store.order.units).toEqual([])
    expect(store.orderId).toBeNull()
  })

  it('turns a refusal into a muted note', async () => {
    server({ __status: 503, body: { error: { code: 'dispatch_unavailable', message: '派单建议服务未启用' } } })
    const store = useDispatchSuggestions()
    await store.loadForOrder(5)
    expect(store.orderError).toBe('派单建议服务未启用')
    expect(store.order.units).toEqual([])
    expect(store.orderLoading).toBe(false)
  })
})

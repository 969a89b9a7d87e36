import { afterEach, describe, expect, it, vi } from 'vitest'
import { mountPage, rowTexts, settle, stubApi } from '@/testing.js'
import SupervisionView from './SupervisionView.vue'

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const supervision = (id, extra = {}) => ({
  id,
  number: `DB20261127000${id}`,
  tier: 'manual',
  tier_name: '人工督办',
  state: 'open',
  unit_id: 31,
  unit_name: '夫子庙街道',
  order_id: 72,
  order_number: '2026102000003',
  note: '请两日内说明进展',
  reason: 'order',
  issued_at: '2026-11-26T19:18:02+08:00',
  due_at: '2026-11-27T17:30:00+08:00',
  overdue: false,
  response: '',
  ...extra,
})
const page = (items) => ({ items, total: items.length, page: 1, page_size: 20 })

describe('督办中心', () => {
  it('lists the supervision orders with their tier, state, unit and due time', async () => {
    stubApi({
      'GET /supervisions': page([supervision(1), supervision(2, { state: 'responded', tier: 'leader', tier_name: 'AO督办', response: '已整改' })]),
      'GET /warnings': { ...page([]), by_unit: [] },
      'GET /boards/dissatisfied': { total: 3, by_unit: [], items: [] },
      'GET /orders': page([]),
    })
    const w = await mountPage(SupervisionView)
    const rows = rowTexts(w, '[data-test=supervision-table]')
    expect(rows).toHaveLength(2)
    expect(rows[0]).toContain('DB202611270001')
    expect(rows[0]).toContain('人工督办')
    expect(rows[0]).toContain('待回复')
    expect(rows[0]).toContain('夫子庙街道')
    expect(rows[0]).toContain('2026-11-27 17:30')
    expect(rows[1]).toContain('已回复待审')
    // A supervisor reviews responded ones and may issue.
    expect(w.findAll('[data-test=sup-review]')).toHaveLength(1)
    expect(w.find('[data-test=sup-issue]').exists()).toBe(true)
    expect(w.find('[data-tab=dissatisfied]').text()).toContain('3')
    w.unmount()
  })

  it('lets the supervised unit respond, and shows a refusal in Chinese', async () => {
    const { calls } = stubApi({
      'GET /supervisions': page([supervision(1)]),
      'GET /warnings': { ...page([]), by_unit: [] },
      'GET /boards/dissatisfied': { total: 0, by_unit: [], items: [] },
      'GET /orders': page([]),
      'POST /supervisions/1/respond': { __status: 403, body: { error: { code: 'not_supervised_unit', message: '只有被督办单位可以回复', field: '' } } },
    })
    const w = await mountPage(SupervisionView, { user: { id: 9, username: 'h320104002', role: 'handler', unit_id: 31 } })
    expect(w.find('[data-test=sup-issue]').exists()).toBe(false)
    await w.find('[data-test=sup-respond]').trigger('click')
    await settle()
    const textarea = document.querySelector('[data-test=sup-dialog] textarea[name=response]')
    textarea.value = '已联系城管到场处理'
    textarea.dispatchEvent(new Event('input'))
    document.querySelector('[data-test=sup-submit]').click()
    await settle()
    expect(calls.find((c) => c.method === 'POST').body).toEqual({ response: '已联系城管到场处理' })
    expect(document.querySelector('[data-test=sup-error]').textContent).toContain('只有被督办单位可以回复')
    w.unmount()
  })

  it('shows an error when the list cannot be loaded', async () => {
    stubApi({ 'GET /supervisions': { __status: 503, body: null } })
    const w = await mountPage(SupervisionView)
    expect(w.text()).toContain('服务器暂不可用')
    w.unmount()
  })
})

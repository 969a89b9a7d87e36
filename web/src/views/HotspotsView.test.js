import { afterEach, describe, expect, it, vi } from 'vitest'
import { mountPage, rowTexts, settle, stubApi } from '@/testing.js'
import HotspotsView from './HotspotsView.vue'

// ECharts needs a canvas; the volume chart is checked in the browser run.
const chart = { setOption: vi.fn(), resize: vi.fn(), dispose: vi.fn(), getDom: vi.fn(() => null) }
vi.mock('echarts/core', () => ({ use: vi.fn(), init: vi.fn(() => chart) }))
vi.mock('echarts/charts', () => ({ BarChart: {} }))
vi.mock('echarts/components', () => ({ GridComponent: {}, TooltipComponent: {}, LegendComponent: {} }))
vi.mock('echarts/renderers', () => ({ CanvasRenderer: {} }))

afterEach(() => {
  vi.unstubAllGlobals()
  chart.setOption.mockClear()
  document.body.innerHTML = ''
})

const supervisor = { id: 7, username: 'supervisor1', role: 'supervisor', unit_id: 1 }
const leader = { id: 8, username: 'leader1', role: 'leader', unit_id: 1 }
const dispatcher = { id: 9, username: 'dispatcher1', role: 'dispatcher', unit_id: 1 }
const units = [
  { id: 1, name: '12345热线', kind: 'platform', parent_id: null },
  { id: 6, name: '区城管局', kind: 'department', parent_id: null },
  { id: 31, name: '夫子庙街道', kind: 'street', parent_id: null },
]
const surge = { category_id: 12, category_name: '施工噪音', street_unit_id: 31, street_name: '夫子庙街道', count: 9, history: [1, 0, 2, 1, 1, 0, 1, 2], baseline: 1.1, ratio: 8.18, p_value: 0.00002 }
const cluster = { size: 4, order_ids: [101, 102, 103, 104], first_day: '2026-11-21', last_day: '2026-11-26', representative_order_id: 102, top_bigrams: ['夜间', '施工', '噪音'] }
const hotspots = { from: '2026-11-21', to: '2026-11-27', period_days: 7, surges: [surge], clusters: [cluster], orders_clustered: 30, method: {} }
const proposal = { category_id: 12, category_name: '施工噪音', street_unit_id: 31, street_name: '夫子庙街道', orders: 11, weeks: 6, suggested_title: '夫子庙街道「施工噪音」问题专项治理', suggested_owner_unit_ids: [6, 31] }
const topic = (extra = {}) => ({
  id: 5,
  title: '夫子庙街道「施工噪音」问题专项治理',
  description: '',
  category_id: 12,
  category_name: '施工噪音',
  street_unit_id: 31,
  street_name: '夫子庙街道',
  address_keyword: '',
  owner_unit_ids: [6, 31],
  owner_units: [{ id: 6, name: '区城管局' }, { id: 31, name: '夫子庙街道' }],
  measures: ['夜间巡查'],
  start_date: '2026-11-23',
  end_date: null,
  status: 'active',
  ...extra,
})
const volume = { topic_id: 5, start_date: '2026-11-23', weeks: [{ week_start: '2026-11-16', orders: 4, after_start: false }, { week_start: '2026-11-23', orders: 1, after_start: true }], before: 4, after: 1, weeks_before: 1, weeks_after: 1, before_per_week: 4, after_per_week: 1 }

function routes(extra = {}) {
  return {
    'GET /hotspots': hotspots,
    'GET /topics/proposals': { items: [proposal] },
    'GET /topics': { items: [], total: 0 },
    'GET /units': { items: units },
    'GET /categories': { items: [] },
    'GET /meta': {},
    ...extra,
  }
}

describe('热点与专题', () => {
  it('shows the surges with their history and the clusters, for the last 7 days', async () => {
    const { calls } = stubApi(routes())
    const w = await mountPage(HotspotsView, { user: supervisor, units })
    const q = calls.find((c) => c.path.startsWith('/hotspots?')).path
    expect(q).toMatch(/from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d/)
    const row = rowTexts(w, '[data-test=surge-table]')[0]
    for (const text of ['施工噪音', '夫子庙街道', '9', '1.1', '8.2×', '<0.0001', '发预警函']) expect(row).toContain(text)
    expect(w.findAll('[data-test=surge-spark] rect')).toHaveLength(9)
    expect(w.find('[data-test=surge-spark] rect:last-child').classes()).toContain('now')
    const clusterRow = rowTexts(w, '[data-test=cluster-table]')[0]
    expect(clusterRow).toContain('夜间')
    expect(clusterRow).toContain('2026-11-21 至 2026-11-26')
    expect(w.find('[data-test=cluster-order]').attributes('href')).toBe('/orders/102')
    w.unmount()
  }, 30000)

  it('offers 发预警函 to supervisors only, and shows an empty period', async () => {
    stubApi(routes({ 'GET /hotspots': { ...hotspots, surges: [], clusters: [] } }))
    const w = await mountPage(HotspotsView, { user: leader, units })
    expect(w.find('[data-test=surge-table] .el-table__empty-text').text()).toBe('本期没有明显突增的热点')
    expect(w.find('[data-test=surge-warn]').exists()).toBe(false)
    w.unmount()
  }, 30000)

  it('previews the 预警函 and sends it after 确认发出', async () => {
    const letter = { id: null, number: '', unit_id: 31, unit_name: '夫子庙街道', kind: 'hot_spot', subject: '关于施工噪音诉求突增的预警函', text: '夫子庙街道：\n近 7 天施工噪音诉求 9 件……', order_ids: [101, 102], reply_due_at: '2026-11-30T18:00:00+08:00', state: 'draft' }
    const { calls } = stubApi(
      routes({
        'POST /hotspots/warn': (path, init) =>
          JSON.parse(init.body).dry_run
            ? { dry_run: true, surge, warning: letter }
            : { __status: 201, body: { dry_run: false, surge, warning: { ...letter, id: 3, number: 'YJ2026-0003', state: 'issued' } } },
      }),
    )
    const w = await mountPage(HotspotsView, { user: supervisor, units })
    await w.find('[data-test=surge-warn]').trigger('click')
    await settle()
    const dialog = document.querySelector('[data-test=warn-dialog]')
    expect(dialog.textContent).toContain('关于施工噪音诉求突增的预警函')
    expect(dialog.querySelector('[data-test=warn-text]').textContent).toContain('近 7 天施工噪音诉求 9 件')
    const posts = () => calls.filter((c) => c.method === 'POST')
    expect(posts()).toHaveLength(1)
    expect(posts()[0].body).toMatchObject({ category_id: 12, street_unit_id: 31, dry_run: true })
    expect(posts()[0].body.from).toMatch(/^\d{4}-\d\d-\d\d$/)
    dialog.querySelector('[data-test=warn-confirm]').click()
    await settle()
    expect(posts()).toHaveLength(2)
    expect(posts()[1].body.dry_run).toBe(false)
    expect(dialog.querySelector('[data-test=warn-done]').textContent).toContain('YJ2026-0003')
    expect(dialog.querySelector('[data-test=warn-link]').getAttribute('href')).toBe('/supervision?tab=warnings')
    w.unmount()
  }, 30000)

  it('shows the server\'s refusal of a 预警函 in Chinese', async () => {
    stubApi(routes({ 'POST /hotspots/warn': { __status: 422, body: { error: { code: 'not_a_hot_spot', message: '该街道该类别在此期间不构成热点' } } } }))
    const w = await mountPage(HotspotsView, { user: supervisor, units })
    await w.find('[data-test=surge-warn]').trigger('click')
    await settle()
    expect(document.querySelector('[data-test=warn-error]').textContent).toContain('该街道该类别在此期间不构成热点')
    expect(document.querySelector('[data-test=warn-confirm]').disabled).toBe(true)
    w.unmount()
  }, 30000)

  it('shows a refused period with the field in Chinese', async () => {
    stubApi(routes({ 'GET /hotspots': { __status: 400, body: { error: { code: 'invalid_value', message: '热点检测的日期区间最长 92 天', field: 'to' } } } }))
    const w = await mountPage(HotspotsView, { user: dispatcher, units })
    expect(w.find('[data-test=hotspot-error]').text()).toContain('热点检测的日期区间最长 92 天（字段：to）')
    // Dispatchers read topics but neither set them up nor warn.
    expect(w.find('[data-test=topic-new]').exists()).toBe(false)
    expect(w.find('[data-test=proposal-adopt]').exists()).toBe(false)
    w.unmount()
  }, 30000)

  it('sets up a topic from a proposal, lists it and shows its weekly volume', async () => {
    const topics = []
    let sent = null
    const { calls } = stubApi(
      routes({
        'GET /topics': () => ({ items: topics, total: topics.length }),
        'GET /topics/proposals': () => ({ items: topics.length ? [] : [proposal] }),
        'POST /topics': (path, init) => {
          sent = JSON.parse(init.body)
          topics.push(topic({ measures: sent.measures, start_date: sent.start_date }))
          return { __status: 201, body: topics[0] }
        },
        'GET /topics/5/volume': volume,
      }),
    )
    const w = await mountPage(HotspotsView, { user: supervisor, units })
    await w.find('[data-test=proposal-adopt]').trigger('click')
    await settle()
    const state = w.vm.$.setupState
    expect(state.form.data).toMatchObject({ title: proposal.suggested_title, category_id: 12, street_unit_id: 31, owner_unit_ids: [6, 31] })
    state.form.data.measures = '夜间巡查\n约谈施工单位'
    document.querySelector('[data-test=topic-submit]').click()
    await settle()
    expect(sent).toMatchObject({ title: proposal.suggested_title, category_id: 12, street_unit_id: 31, owner_unit_ids: [6, 31], measures: ['夜间巡查', '约谈施工单位'], status: 'active' })
    expect(rowTexts(w, '[data-test=topic-table]')[0]).toContain('推进中')
    expect(rowTexts(w, '[data-test=topic-table]')[0]).toContain('区城管局、夫子庙街道')
    expect(w.find('[data-test=proposal-table] .el-table__empty-text').exists()).toBe(true)
    // The new topic opens with its volume before (grey) and after (blue) the start.
    expect(calls.some((c) => c.path === '/topics/5/volume')).toBe(true)
    const drawer = document.querySelector('[data-test=topic-drawer]')
    expect(drawer.querySelector('[data-test=topic-volume-figures]').textContent).toContain('4.0')
    expect(drawer.querySelector('[data-test=topic-volume-figures]').textContent).toContain('下降 75%')
    const option = chart.setOption.mock.calls.at(-1)[0]
    expect(option.series.map((s) => s.data)).toEqual([[4, null], [null, 1]])
    expect(option.series[0].itemStyle.color).not.toBe(option.series[1].itemStyle.color)
    w.unmount()
  }, 30000)

  it('checks the form before sending and shows a refused field', async () => {
    const { calls } = stubApi(routes({ 'POST /topics': { __status: 400, body: { error: { code: 'invalid_value', message: 'start_date 应为 YYYY-MM-DD 格式的日期', field: 'start_date' } } } }))
    const w = await mountPage(HotspotsView, { user: supervisor, units })
    await w.find('[data-test=topic-new]').trigger('click')
    await settle()
    const state = w.vm.$.setupState
    await state.submitTopic()
    expect(state.form.errors.title).toBe('请填写专题名称')
    expect(state.form.errors.owner_unit_ids).toBe('请选择至少一个责任单位')
    expect(calls.some((c) => c.method === 'POST')).toBe(false)
    Object.assign(state.form.data, { title: '某小区停车专项', category_id: 12, address_keyword: '某小区', owner_unit_ids: [31] })
    await state.submitTopic()
    await settle()
    expect(state.form.errors).toEqual({ start_date: 'start_date 应为 YYYY-MM-DD 格式的日期' })
    expect(state.form.open).toBe(true)
    w.unmount()
  }, 30000)

  it('moves a topic from 推进中 to 已结项', async () => {
    const { calls } = stubApi(
      routes({
        'GET /topics': { items: [topic()], total: 1 },
        'GET /topics/5/volume': volume,
        'PATCH /topics/5': topic({ status: 'closed' }),
      }),
    )
    const w = await mountPage(HotspotsView, { user: leader, units })
    await w.find('[data-test=topic-open]').trigger('click')
    await settle()
    const buttons = document.querySelectorAll('[data-test=topic-status]')
    expect([...buttons].map((b) => b.dataset.status)).toEqual(['closed'])
    buttons[0].click()
    await settle()
    expect(calls.find((c) => c.method === 'PATCH').body).toEqual({ status: 'closed' })
    expect(document.querySelector('[data-test=topic-status-tag]').textContent).toContain('已结项')
    expect(rowTexts(w, '[data-test=topic-table]')[0]).toContain('已结项')
    w.unmount()
  }, 30000)
})

import { afterEach, describe, expect, it, vi } from 'vitest'
import { mountPage, rowTexts, stubApi } from '@/testing.js'
import RankingsView from './RankingsView.vue'

// ECharts needs a canvas; the page's chart is checked in the browser run.
const chart = { setOption: vi.fn(), resize: vi.fn(), dispose: vi.fn() }
vi.mock('echarts/core', () => ({ use: vi.fn(), init: vi.fn(() => chart) }))
vi.mock('echarts/charts', () => ({ BarChart: {} }))
vi.mock('echarts/components', () => ({ GridComponent: {}, TooltipComponent: {} }))
vi.mock('echarts/renderers', () => ({ CanvasRenderer: {} }))

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const unit = (id, name, score, extra = {}) => ({
  unit_id: id,
  name,
  score,
  dispatched: 6,
  base: 100,
  bonuses: [],
  deductions: [{ code: 'dissatisfied', count: 1, per_item: 1, points: 1 }],
  indicators: { satisfaction_rate: { rate: 0.6667 } },
  explanation: ['总分'],
  ...extra,
})

describe('考核排名', () => {
  it('ranks the group, charts the scores and shows the 红黑榜 with its cases', async () => {
    const { calls } = stubApi({
      'GET /rankings': { group: 'street', group_size: 2, rows: [unit(30, '秦虹街道', 99.5, { rank: 1 }), unit(31, '夫子庙街道', 77.67, { rank: 2 })], unranked: [unit(32, '红花街道', 100, { reason: '本期派单 3 件' })] },
      'GET /boards/red-black': {
        red: [unit(30, '秦虹街道', 99.5, { rank: 1, cases: [] })],
        black: [unit(31, '夫子庙街道', 77.67, { rank: 2, cases: [{ order_id: 7, number: '2026112200004', title: '楼道充电', measure: 'dissatisfied', count: 1 }] })],
      },
      'GET /boards/enterprise': { board: 'enterprise', groups: [{ group: 'street', rows: [unit(31, '夫子庙街道', 88, { rank: 1 })], unranked: [] }] },
    })
    const w = await mountPage(RankingsView)
    expect(calls.some((c) => /\/rankings\?group=street&from=\d{4}-\d{2}-01&to=/.test(c.path))).toBe(true)
    const rows = rowTexts(w, '[data-test=ranking-table]')
    expect(rows[0]).toContain('秦虹街道')
    expect(rows[1]).toContain('66.67%')
    expect(rows[2]).toContain('不排名')
    await vi.waitFor(() => expect(chart.setOption).toHaveBeenCalled())
    const option = chart.setOption.mock.calls.at(-1)[0]
    expect(option.xAxis.data).toEqual(['秦虹街道', '夫子庙街道'])
    expect(option.series[0].data).toEqual([99.5, 77.67])
    expect(w.find('[data-test=board-black]').text()).toContain('2026112200004')
    expect(w.find('[data-test=board-black]').text()).toContain('不满意 ×1')
    expect(rowTexts(w, '[data-test=enterprise-table]')[0]).toContain('88.00')
    w.unmount()
  })

  it('shows unit staff their own score instead of the whole ranking', async () => {
    const { calls } = stubApi({
      'GET /units/31/score': { ...unit(31, '夫子庙街道', 77.67), rank: 6, ranked: true, group: 'street', group_name: '街道', group_size: 7, explanation: ['满意率 66.67%，权重 30 分，得 20.00 分'] },
      'GET /boards/red-black': { red: [], black: [] },
    })
    const w = await mountPage(RankingsView, { user: { id: 9, username: 'h320104002', role: 'handler', unit_id: 31 }, units: [{ id: 31, name: '夫子庙街道', kind: 'street', code: '320104002' }] })
    const own = w.find('[data-test=own-score]').text()
    expect(own).toContain('77.67')
    expect(own).toContain('街道第 6 名 / 共 7 个')
    expect(own).toContain('满意率 66.67%')
    expect(w.find('[data-test=ranking-table]').exists()).toBe(false)
    expect(calls.some((c) => c.path.startsWith('/rankings'))).toBe(false)
    w.unmount()
  })
})

import { describe, expect, it } from 'vitest'
import { caseLines, deductionText, enterpriseRows, rankingRows, scoreSeries } from './ranking.js'

const unit = (id, name, score, extra = {}) => ({
  unit_id: id,
  name,
  score,
  dispatched: 6,
  deductions: [
    { code: 'overdue', count: 1, per_item: 0.5, points: 0.5 },
    { code: 'dissatisfied', count: 0, per_item: 1, points: 0 },
  ],
  indicators: { response_rate: { rate: 0.8 }, satisfaction_rate: { rate: null } },
  explanation: ['总分 99.50 分'],
  ...extra,
})

describe('ranking tables', () => {
  it('lists ranked units by rank, then the unranked with their reason', () => {
    const rows = rankingRows({
      rows: [unit(2, '乙街道', 90, { rank: 2 }), unit(1, '甲街道', 99.5, { rank: 1 })],
      unranked: [unit(3, '丙街道', 100, { reason: '本期派单 3 件，少于参与排名的最少派单量 5 件' })],
    })
    expect(rows.map((r) => r.name)).toEqual(['甲街道', '乙街道', '丙街道'])
    expect(rows[0]).toMatchObject({ rank: 1, ranked: true, response_rate: 0.8, satisfaction_rate: null, ontime_rate: null })
    expect(rows[0].deductions).toBe('超期 1 件扣 0.5 分')
    expect(rows[2]).toMatchObject({ rank: null, ranked: false })
    expect(rows[2].reason).toContain('最少派单量')
    expect(scoreSeries(rows)).toEqual({ names: ['甲街道', '乙街道'], scores: [99.5, 90] })
    expect(rankingRows(null)).toEqual([])
  })

  it('says 无 when nothing was deducted', () => {
    expect(deductionText([{ code: 'overdue', count: 0, points: 0 }])).toBe('无')
  })

  it('groups the cases behind a place by order', () => {
    const lines = caseLines([
      { count: 1, measure: 'dissatisfied', number: 'N1', order_id: 1, title: 'A' },
      { count: 1, measure: 'overdue', number: 'N1', order_id: 1, title: 'A' },
      { count: 2, measure: 'dissatisfied', number: 'N2', order_id: 2, title: 'B' },
    ])
    expect(lines).toEqual([
      { order_id: 1, number: 'N1', title: 'A', measures: '不满意 ×1、超期 ×1' },
      { order_id: 2, number: 'N2', title: 'B', measures: '不满意 ×2' },
    ])
  })

  it('picks the group of the 涉企 board', () => {
    const resp = { groups: [{ group: 'street', rows: [unit(1, '甲街道', 88, { rank: 1 })], unranked: [] }] }
    expect(enterpriseRows(resp, 'street').map((r) => r.name)).toEqual(['甲街道'])
    expect(enterpriseRows(resp, 'department')).toEqual([])
  })
})

// Shapes GET /api/v1/rankings, /boards/red-black and /boards/enterprise for
// tables and the bar chart: ranked units first by rank, then the unranked
// with their reason; deductions and the cases behind a place in words.

export const GROUPS = [
  { value: 'street', label: '街道' },
  { value: 'department', label: '职能部门' },
  { value: 'community', label: '社区' },
]

// The indicators in the order the 考核细则 lists them.
export const INDICATORS = [
  { key: 'response_rate', label: '签收及时率' },
  { key: 'ontime_rate', label: '按时办结率' },
  { key: 'resolution_rate', label: '解决率' },
  { key: 'satisfaction_rate', label: '满意率' },
  { key: 'return_rate', label: '退单率' },
  { key: 'reopen_rate', label: '重办率' },
]

const MEASURE_NAMES = {
  overdue: '超期',
  dissatisfied: '不满意',
  return_approved: '退单通过',
  returned: '退单',
  reopened: '重办',
  satisfied: '满意',
  basically_satisfied: '基本满意',
  resolved: '已解决',
  signed_on_time: '按时签收',
  replied_on_time: '按时办结',
  rated: '回访',
}

export function measureName(code) {
  return MEASURE_NAMES[code] || code
}

// "超期 1 件扣 0.5 分；不满意 2 件扣 2 分", leaving out deductions of nothing.
export function deductionText(deductions = []) {
  const parts = deductions.filter((d) => d.points > 0).map((d) => `${measureName(d.code)} ${d.count} 件扣 ${d.points} 分`)
  return parts.length ? parts.join('；') : '无'
}

// One table row per unit: the ranked ones by rank, then the unranked.
export function rankingRows(resp) {
  if (!resp) return []
  const shape = (r, ranked) => {
    const row = {
      unit_id: r.unit_id,
      name: r.name,
      rank: ranked ? r.rank : null,
      ranked,
      score: r.score,
      dispatched: r.dispatched,
      deductions: deductionText(r.deductions),
      explanation: r.explanation || [],
      reason: r.reason || '',
    }
    for (const ind of INDICATORS) row[ind.key] = r.indicators && r.indicators[ind.key] ? r.indicators[ind.key].rate : null
    return row
  }
  const ranked = [...(resp.rows || [])].sort((a, b) => a.rank - b.rank).map((r) => shape(r, true))
  return ranked.concat((resp.unranked || []).map((r) => shape(r, false)))
}

// The bar chart's data: ranked units best first.
export function scoreSeries(rows) {
  const ranked = rows.filter((r) => r.ranked)
  return { names: ranked.map((r) => r.name), scores: ranked.map((r) => r.score) }
}

// The cases behind a unit's place, one line per order: the measures it
// added ("不满意 ×2、超期 ×1").
export function caseLines(cases = []) {
  const byOrder = new Map()
  for (const c of cases) {
    let line = byOrder.get(c.order_id)
    if (!line) {
      line = { order_id: c.order_id, number: c.number, title: c.title, parts: [] }
      byOrder.set(c.order_id, line)
    }
    line.parts.push(`${measureName(c.measure)} ×${c.count}`)
  }
  return [...byOrder.values()].map((l) => ({ order_id: l.order_id, number: l.number, title: l.title, measures: l.parts.join('、') }))
}

// The 涉企 board's rows of one group (the server answers per group).
export function enterpriseRows(resp, group) {
  const g = resp && (resp.groups || []).find((x) => x.group === group)
  return g ? rankingRows(g) : []
}

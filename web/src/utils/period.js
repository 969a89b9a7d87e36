// Periods as the figures, rankings and reports ask for them: China dates
// "YYYY-MM-DD", both ends included, never past today.
import { beijingDate } from './time.js'

const pad = (n) => String(n).padStart(2, '0')

// The last day of month `m` (1-12) of `y`.
function monthEnd(y, m) {
  return new Date(Date.UTC(y, m, 0)).getUTCDate()
}

function clampToToday(date, today) {
  return date > today ? today : date
}

// {from, to} of the month "YYYY-MM"; the current month ends today.
export function monthRange(month, today = beijingDate()) {
  const [y, m] = month.split('-').map(Number)
  return { from: `${y}-${pad(m)}-01`, to: clampToToday(`${y}-${pad(m)}-${pad(monthEnd(y, m))}`, today) }
}

// The presets a period picker offers, newest first: this month, last
// month, this quarter, this year, the last 30 days.
export function periodPresets(today = beijingDate()) {
  const [y, m] = today.split('-').map(Number)
  const lastMonth = m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`
  const quarterStart = Math.floor((m - 1) / 3) * 3 + 1
  const t = Date.parse(`${today}T00:00:00Z`)
  const thirty = new Date(t - 29 * 86400000).toISOString().slice(0, 10)
  return [
    { key: 'month', label: '本月', ...monthRange(`${y}-${pad(m)}`, today) },
    { key: 'last_month', label: '上月', ...monthRange(lastMonth, today) },
    { key: 'quarter', label: '本季度', from: `${y}-${pad(quarterStart)}-01`, to: today },
    { key: 'year', label: '本年', from: `${y}-01-01`, to: today },
    { key: '30d', label: '近30天', from: thirty, to: today },
  ]
}

// "2026-11-01 至 2026-11-30".
export function periodText(p) {
  return p && p.from ? `${p.from} 至 ${p.to}` : '—'
}

export const REPORT_KINDS = [
  { value: 'daily', label: '日梳理' },
  { value: 'weekly', label: '周统计' },
  { value: 'monthly', label: '月报告' },
  { value: 'annual', label: '年分析' },
  { value: 'custom', label: '自定义' },
]

// The body of POST /api/v1/reports from the form: `date` is a day
// ("YYYY-MM-DD") for daily and weekly, a month ("YYYY-MM") for monthly, a
// year ("YYYY") for annual; `range` is [from, to] for custom. Returns
// {body} or {error} with a Chinese message.
export function reportRequest(kind, { date, range } = {}, today = beijingDate()) {
  if (kind === 'custom') {
    if (!range || !range[0] || !range[1]) return { error: '请选择起止日期' }
    if (range[0] > range[1]) return { error: '开始日期不能晚于结束日期' }
    if (range[1] > today) return { error: '结束日期不能晚于今天' }
    return { body: { kind, from: range[0], to: range[1] } }
  }
  if (!REPORT_KINDS.some((k) => k.value === kind)) return { error: '请选择报告类型' }
  if (!date) return { error: kind === 'monthly' ? '请选择月份' : kind === 'annual' ? '请选择年份' : '请选择日期' }
  let day = date
  if (kind === 'monthly') day = `${date.slice(0, 7)}-01`
  else if (kind === 'annual') day = `${date.slice(0, 4)}-01-01`
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return { error: '日期格式不正确' }
  if (day > today) return { error: '不能为将来的日期生成报告' }
  return { body: { kind, date: day } }
}

// A cell of a report section or a figure: rates as percentages with two
// decimals, "—" for null.
export function formatCell(value, type) {
  if (value === null || value === undefined || value === '') return '—'
  if (type === 'rate') return `${(Number(value) * 100).toFixed(2)}%`
  if (type === 'int') return Number(value).toLocaleString('zh-CN')
  return String(value)
}

export const pct = (r) => formatCell(r, 'rate')

// The period a page starts with: a preset's {from, to}.
export function initialPeriod(key = 'month', today = beijingDate()) {
  const p = periodPresets(today).find((x) => x.key === key) || periodPresets(today)[0]
  return { from: p.from, to: p.to }
}

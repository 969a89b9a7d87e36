// Times as staff read them: Beijing time whatever the browser's zone, and
// countdowns to deadlines ("剩余 2天3小时", "已超期 5小时").

const zone = 'Asia/Shanghai'
const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: zone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
})
const dateOnly = new Intl.DateTimeFormat('zh-CN', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })

function parts(formatter, date) {
  const out = {}
  for (const p of formatter.formatToParts(date)) out[p.type] = p.value
  return out
}

// "2026-11-26 15:30" in Beijing time; "—" for nothing.
export function formatTime(value) {
  if (!value) return '—'
  const d = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(d.getTime())) return '—'
  const p = parts(dateTime, d)
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}`
}

// "2026-11-26", the Beijing date of an instant.
export function beijingDate(value = new Date()) {
  const p = parts(dateOnly, value instanceof Date ? value : new Date(value))
  return `${p.year}-${p.month}-${p.day}`
}

// A span of minutes in words: "2天3小时", "3小时5分", "12分".
export function spanText(minutes) {
  const m = Math.max(0, Math.floor(minutes))
  const days = Math.floor(m / 1440)
  const hours = Math.floor((m % 1440) / 60)
  const mins = m % 60
  if (days > 0) return hours ? `${days}天${hours}小时` : `${days}天`
  if (hours > 0) return mins ? `${hours}小时${mins}分` : `${hours}小时`
  return `${mins}分`
}

// Working minutes in words; a working day is `dayMinutes` long (the
// calendar's default hours 08:30-12:00 and 13:30-17:30 make 450).
export function workingSpanText(minutes, dayMinutes = 450) {
  const m = Math.max(0, Math.floor(minutes))
  const days = Math.floor(m / dayMinutes)
  const rest = m % dayMinutes
  const hours = Math.floor(rest / 60)
  if (days > 0) return hours ? `${days}个工作日${hours}小时` : `${days}个工作日`
  return spanText(rest)
}

// The countdown to `dueAt` at `now`: {text, level} where level is
// "ok", "soon" (within the warning) or "overdue".
export function countdown(dueAt, now = new Date(), dueSoon = false) {
  const due = new Date(dueAt).getTime()
  const left = (due - now.getTime()) / 60000
  if (left < 0) return { text: `已超期 ${spanText(-left)}`, level: 'overdue' }
  return { text: `剩余 ${spanText(left)}`, level: dueSoon ? 'soon' : 'ok' }
}

// The running unit step of an order (sign before handle), or null.
export function runningStep(order) {
  const d = order && order.deadlines
  if (!d) return null
  if (d.sign) return { name: '签收', ...d.sign }
  if (d.handle) return { name: '办理', ...d.handle }
  if (d.review) return { name: '审核', ...d.review }
  if (d.callback) return { name: '回访', ...d.callback }
  return null
}

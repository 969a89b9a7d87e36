// The form behind every order action: which fields it asks for, in which
// order, and how the answers become the request body. ActionDialog renders
// these; the server stays the judge (it refuses what is wrong, naming the
// field), the form only spares staff a round trip for what is obviously
// missing.
//
// Field types: text, textarea, int, bool, select (options), unit, units
// (unit pickers; `kinds` narrows them), datetime, whistle / guidance (an
// item of the order's own collaboration records).

const satisfaction = [
  { value: 'satisfied', label: '满意' },
  { value: 'basically_satisfied', label: '基本满意' },
  { value: 'dissatisfied', label: '不满意' },
]
// Why the citizen was dissatisfied: the codes the server accepts on a
// callback (docs/api.md); the 不满意 analysis in the reports groups by them.
const dissatisfiedReasons = [
  { value: 'unresolved', label: '问题未解决' },
  { value: 'slow', label: '办理不及时' },
  { value: 'attitude', label: '服务态度差' },
  { value: 'reply_quality', label: '答复敷衍或不规范' },
  { value: 'no_contact', label: '未与诉求人联系' },
  { value: 'unreasonable', label: '诉求超出政策或不合理' },
  { value: 'other', label: '其他' },
]
const contactMethods = [
  { value: 'phone', label: '电话联系' },
  { value: 'sms', label: '短信' },
  { value: 'visit', label: '上门走访' },
  { value: 'onsite', label: '现场约见' },
  { value: 'online', label: '网上沟通' },
  { value: 'other', label: '其他' },
]

export const ACTION_FORMS = {
  'direct-answer': { fields: [{ key: 'answer', label: '答复内容', type: 'textarea', required: true }] },
  dispatch: {
    fields: [
      { key: 'lead_unit_id', label: '主办单位', type: 'unit', required: true },
      { key: 'assist_unit_ids', label: '协办单位', type: 'units' },
      { key: 'note', label: '派单意见', type: 'textarea' },
    ],
  },
  reassign: {
    fields: [
      { key: 'lead_unit_id', label: '新主办单位', type: 'unit', required: true },
      { key: 'assist_unit_ids', label: '协办单位', type: 'units' },
      { key: 'note', label: '改派说明', type: 'textarea' },
    ],
  },
  sign: { fields: [], confirm: '确认签收该工单？签收后开始计算办理时限。' },
  return: {
    fields: [
      { key: 'reason_code', label: '退单原因', type: 'select', metaOptions: 'return_reasons', required: true },
      { key: 'basis', label: '退单依据', type: 'textarea', required: true },
      { key: 'duty_item', label: '权责清单事项', type: 'text' },
      { key: 'proposed_unit_id', label: '建议承办单位', type: 'unit' },
      { key: 'note', label: '备注', type: 'textarea' },
    ],
  },
  'review-return': { review: true },
  'review-extension': { review: true },
  'review-rejection': { review: true },
  'review-reply': { review: true },
  extend: {
    fields: [
      { key: 'days', label: '延期工作日', type: 'int', min: 1, max: 30, required: true },
      { key: 'reason', label: '延期理由', type: 'textarea', required: true },
    ],
  },
  'reject-acceptance': {
    fields: [
      { key: 'basis', label: '不予受理依据', type: 'textarea', required: true },
      { key: 'note', label: '备注', type: 'textarea' },
    ],
  },
  'assist-reply': { fields: [{ key: 'content', label: '协办意见', type: 'textarea', required: true }] },
  reply: {
    fields: [
      { key: 'measures', label: '举措', type: 'textarea', required: true, placeholder: '采取了哪些措施' },
      { key: 'progress', label: '进展', type: 'textarea', required: true, placeholder: '办理到了哪一步' },
      { key: 'result', label: '结果', type: 'textarea', required: true, placeholder: '问题解决情况' },
      { key: 'contact.method', label: '联系方式', type: 'select', options: contactMethods, required: true },
      { key: 'contact.at', label: '联系时间', type: 'datetime', required: true },
      { key: 'note', label: '备注', type: 'textarea' },
    ],
  },
  callback: {
    fields: [
      { key: 'reached', label: '联系上诉求人', type: 'bool', initial: true },
      { key: 'resolved', label: '问题已解决', type: 'bool', initial: true, when: (v) => v.reached },
      { key: 'satisfaction', label: '满意度', type: 'select', options: satisfaction, when: (v) => v.reached, required: true },
      {
        key: 'dissatisfied_reason',
        label: '不满意原因',
        type: 'select',
        options: dissatisfiedReasons,
        when: (v) => v.reached && v.satisfaction === 'dissatisfied',
      },
      { key: 'note', label: '回访记录', type: 'textarea' },
    ],
  },
  reopen: {
    fields: [
      { key: 'note', label: '重办理由', type: 'textarea', required: true },
      { key: 'lead_unit_id', label: '重办单位（不选则回到待派单）', type: 'unit' },
    ],
  },
  merge: {
    fields: [
      { key: 'into_id', label: '并入工单 ID', type: 'int', min: 1, required: true },
      { key: 'note', label: '并单说明', type: 'textarea' },
    ],
  },
  close: { fields: [{ key: 'reason', label: '结案说明', type: 'textarea', required: true }] },
  dispute: {
    fields: [
      { key: 'proposed_unit_id', label: '应承办单位', type: 'unit', required: true },
      { key: 'basis', label: '异议依据', type: 'textarea', required: true },
      { key: 'note', label: '备注', type: 'textarea' },
    ],
  },
  provisional: {
    fields: [
      { key: 'unit_id', label: '先行处置单位', type: 'unit', required: true },
      { key: 'note', label: '说明', type: 'textarea', required: true },
    ],
  },
  coordinate: {
    fields: [
      { key: 'lead_unit_id', label: '确定主办单位', type: 'unit', required: true },
      { key: 'assist_unit_ids', label: '协办单位', type: 'units' },
      { key: 'decision', label: '协调结论', type: 'textarea', required: true },
      { key: 'basis', label: '协调依据', type: 'textarea', required: true },
    ],
  },
  whistle: {
    fields: [
      { key: 'question', label: '需协调解决的问题', type: 'textarea', required: true },
      { key: 'reason', label: '吹哨理由', type: 'textarea', required: true },
      { key: 'summoned_unit_ids', label: '报到部门', type: 'units', kinds: ['department'], required: true },
    ],
  },
  'report-in': {
    fields: [
      { key: 'whistle_id', label: '吹哨', type: 'whistle', required: true },
      { key: 'note', label: '报到说明', type: 'textarea', required: true },
    ],
  },
  'whistle-work': {
    fields: [
      { key: 'whistle_id', label: '吹哨', type: 'whistle', required: true },
      { key: 'content', label: '处置情况', type: 'textarea', required: true },
    ],
  },
  'whistle-meeting': {
    fields: [
      { key: 'whistle_id', label: '吹哨', type: 'whistle', required: true },
      { key: 'held_at', label: '会商时间', type: 'datetime', required: true },
      { key: 'place', label: '地点', type: 'text', required: true },
      { key: 'attendees', label: '参会人员（逗号分隔）', type: 'list', required: true },
      { key: 'citizen_invited', label: '邀请诉求人到场', type: 'bool', initial: false },
      { key: 'citizen_attended', label: '诉求人到场', type: 'bool', initial: false },
      { key: 'decisions', label: '研判结论', type: 'textarea', required: true },
    ],
  },
  'close-whistle': {
    fields: [
      { key: 'whistle_id', label: '吹哨', type: 'whistle', required: true },
      { key: 'resolved', label: '问题已解决', type: 'bool', initial: true },
      { key: 'outcome', label: '处置结果', type: 'textarea', required: true },
    ],
  },
  'rate-whistle': {
    fields: [
      { key: 'whistle_id', label: '吹哨', type: 'whistle', required: true },
      { key: 'score', label: '评分（0–100）', type: 'int', min: 0, max: 100, required: true },
      { key: 'comment', label: '评价', type: 'textarea' },
    ],
  },
  'request-guidance': {
    fields: [
      { key: 'unit_id', label: '指导部门', type: 'unit', kinds: ['department'], required: true },
      { key: 'question', label: '请求指导的问题', type: 'textarea', required: true },
    ],
  },
  'give-guidance': {
    fields: [
      { key: 'guidance_id', label: '指导请求', type: 'guidance', required: true },
      { key: 'answer', label: '指导意见', type: 'textarea', required: true },
    ],
  },
}

const REVIEW_FIELDS = [
  { key: 'approve', label: '审核结论', type: 'select', required: true, options: [
    { value: true, label: '同意' },
    { value: false, label: '不同意' },
  ] },
  { key: 'note', label: '审核意见', type: 'textarea', requiredWhen: (v) => v.approve === false },
]

export function formFor(action) {
  const form = ACTION_FORMS[action]
  if (!form) return null
  return { ...form, fields: form.review ? REVIEW_FIELDS : form.fields }
}

// The fields shown for the current answers (some depend on others).
export function visibleFields(form, values) {
  return form.fields.filter((f) => !f.when || f.when(values))
}

// Now as RFC 3339 with the browser's offset: contacts and meetings are
// usually recorded right after they happen.
export function nowWithOffset(date = new Date()) {
  const pad = (n) => String(Math.abs(n)).padStart(2, '0')
  const offset = -date.getTimezoneOffset()
  const sign = offset >= 0 ? '+' : '-'
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
}

export function initialValues(form) {
  const v = {}
  for (const f of form.fields) {
    if ('initial' in f) v[f.key] = f.initial
    else if (f.type === 'datetime') v[f.key] = nowWithOffset()
    else if (f.type === 'units') v[f.key] = []
    else v[f.key] = f.type === 'int' || f.type === 'unit' || f.type === 'select' ? null : ''
  }
  return v
}

function blank(value) {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)
}

// Missing answers as {field: message}; empty when the form may be sent.
export function missingFields(form, values) {
  const missing = {}
  for (const f of visibleFields(form, values)) {
    const required = f.required || (f.requiredWhen && f.requiredWhen(values))
    if (required && blank(typeof values[f.key] === 'string' ? values[f.key].trim() : values[f.key]))
      missing[f.key] = `请填写${f.label.replace(/（.*）/, '')}`
  }
  return missing
}

// The request body: visible, non-blank answers; "a.b" keys become nested
// objects; lists are split on commas; `version` guards against a stale order.
export function buildBody(form, values, version) {
  const body = {}
  for (const f of visibleFields(form, values)) {
    let value = values[f.key]
    if (typeof value === 'string') value = value.trim()
    if (f.type === 'list') value = String(value || '').split(/[,，、]/).map((s) => s.trim()).filter(Boolean)
    if (blank(value)) continue
    const path = f.key.split('.')
    let into = body
    for (const part of path.slice(0, -1)) into = into[part] = into[part] || {}
    into[path[path.length - 1]] = value
  }
  if (version !== undefined && version !== null) body.version = version
  return body
}

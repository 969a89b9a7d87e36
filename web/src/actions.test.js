import { describe, expect, it } from 'vitest'
import { buildBody, formFor, initialValues, missingFields, nowWithOffset, visibleFields } from './actions.js'

describe('action forms', () => {
  it('nests dotted keys and adds the version', () => {
    const form = formFor('reply')
    const values = { ...initialValues(form), measures: ' 上门核查 ', progress: '已整改', result: '已解决', 'contact.method': 'phone', 'contact.at': '2026-11-26T10:00:00+08:00' }
    expect(buildBody(form, values, 7)).toEqual({
      measures: '上门核查',
      progress: '已整改',
      result: '已解决',
      contact: { method: 'phone', at: '2026-11-26T10:00:00+08:00' },
      version: 7,
    })
  })

  it('names what is missing and leaves out blank optional fields', () => {
    const form = formFor('dispatch')
    const values = initialValues(form)
    expect(missingFields(form, values)).toEqual({ lead_unit_id: '请填写主办单位' })
    values.lead_unit_id = 12
    expect(missingFields(form, values)).toEqual({})
    expect(buildBody(form, values)).toEqual({ lead_unit_id: 12 })
  })

  it('asks for the rating only when the citizen was reached', () => {
    const form = formFor('callback')
    const values = initialValues(form)
    expect(visibleFields(form, values).map((f) => f.key)).toContain('satisfaction')
    values.reached = false
    expect(visibleFields(form, values).map((f) => f.key)).toEqual(['reached', 'note'])
    expect(missingFields(form, values)).toEqual({})
    expect(buildBody(form, values, 3)).toEqual({ reached: false, version: 3 })
  })

  it('asks why only when the citizen is dissatisfied, and sends the reason', () => {
    const form = formFor('callback')
    const values = initialValues(form)
    values.satisfaction = 'satisfied'
    expect(visibleFields(form, values).map((f) => f.key)).not.toContain('dissatisfied_reason')
    values.satisfaction = 'dissatisfied'
    values.resolved = false
    expect(visibleFields(form, values).map((f) => f.key)).toContain('dissatisfied_reason')
    values.dissatisfied_reason = 'slow'
    expect(buildBody(form, values, 5)).toMatchObject({ satisfaction: 'dissatisfied', dissatisfied_reason: 'slow', version: 5 })
    values.satisfaction = 'basically_satisfied'
    expect(buildBody(form, values, 5)).not.toHaveProperty('dissatisfied_reason')
  })

  it('requires a note only when a review disagrees', () => {
    const form = formFor('review-reply')
    const values = initialValues(form)
    values.approve = true
    expect(missingFields(form, values)).toEqual({})
    values.approve = false
    expect(Object.keys(missingFields(form, values))).toEqual(['note'])
  })

  it('splits attendee lists on Chinese and Latin commas', () => {
    const form = formFor('whistle-meeting')
    const values = { ...initialValues(form), whistle_id: 1, place: '街道会议室', attendees: '张三，李四, 王五、赵六', decisions: '联合执法' }
    expect(buildBody(form, values).attendees).toEqual(['张三', '李四', '王五', '赵六'])
  })

  it('writes now with the local offset, to the second', () => {
    expect(nowWithOffset(new Date())).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/)
  })

  it('has a form for every action a person takes', () => {
    const actions = ['direct-answer', 'dispatch', 'sign', 'return', 'review-return', 'reassign', 'extend', 'review-extension', 'reject-acceptance', 'review-rejection', 'assist-reply', 'reply', 'review-reply', 'callback', 'reopen', 'merge', 'close', 'dispute', 'provisional', 'coordinate', 'whistle', 'report-in', 'whistle-work', 'whistle-meeting', 'close-whistle', 'rate-whistle', 'request-guidance', 'give-guidance']
    for (const a of actions) expect(formFor(a), a).not.toBeNull()
  })
})

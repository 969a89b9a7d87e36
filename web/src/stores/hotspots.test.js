import { describe, expect, it } from 'vitest'
import { clusterWords, lastDays, nextStatuses, pValueText, ratioText, topicBody, topicFormErrors, topicFormFromProposal, volumeSeries } from './hotspots.js'

describe('热点与专题 helpers', () => {
  it('defaults to the last 7 China days, across a month end', () => {
    expect(lastDays(7, '2026-12-03')).toEqual({ from: '2026-11-27', to: '2026-12-03' })
    expect(lastDays(1, '2026-12-03')).toEqual({ from: '2026-12-03', to: '2026-12-03' })
  })

  it('formats the figures of a surge', () => {
    expect(ratioText(3.25)).toBe('3.3×')
    expect(pValueText(0.00001)).toBe('<0.0001')
    expect(pValueText(0.01234)).toBe('0.0123')
    expect(pValueText(null)).toBe('—')
    expect(clusterWords({ top_bigrams: ['施工', '噪音', '夜间'] }, 2)).toBe('施工、噪音')
  })

  it('prefills a topic from a proposal and sends measures one a line', () => {
    const form = topicFormFromProposal(
      { category_id: 12, category_name: '施工噪音', street_unit_id: 31, street_name: '夫子庙街道', orders: 9, weeks: 5, suggested_title: '夫子庙街道「施工噪音」问题专项治理', suggested_owner_unit_ids: [6, 31] },
      '2026-11-27',
    )
    expect(form).toMatchObject({ title: '夫子庙街道「施工噪音」问题专项治理', category_id: 12, street_unit_id: 31, owner_unit_ids: [6, 31], start_date: '2026-11-27', status: 'active' })
    expect(topicFormErrors(form)).toEqual({})
    form.measures = ' 夜间巡查 \n\n约谈施工单位'
    expect(topicBody(form)).toEqual({
      title: '夫子庙街道「施工噪音」问题专项治理',
      description: form.description,
      category_id: 12,
      street_unit_id: 31,
      owner_unit_ids: [6, 31],
      measures: ['夜间巡查', '约谈施工单位'],
      start_date: '2026-11-27',
      status: 'active',
    })
  })

  it('checks the form before asking', () => {
    const errors = topicFormErrors({ title: ' ', category_id: null, street_unit_id: null, address_keyword: '', owner_unit_ids: [], start_date: '2026-11-27', end_date: '2026-11-01' })
    expect(Object.keys(errors).sort()).toEqual(['category_id', 'end_date', 'owner_unit_ids', 'street_unit_id', 'title'])
    // An address keyword is a place too.
    expect(topicFormErrors({ title: 'x', category_id: 1, address_keyword: '某小区', owner_unit_ids: [6], start_date: '2026-11-27' })).toEqual({})
  })

  it('splits the weekly volume into before and after the start', () => {
    const s = volumeSeries({ weeks: [{ week_start: '2026-11-16', orders: 4, after_start: false }, { week_start: '2026-11-23', orders: 1, after_start: true }] })
    expect(s).toEqual({ labels: ['11-16', '11-23'], before: [4, null], after: [null, 1] })
  })

  it('allows the status moves the server allows', () => {
    expect(nextStatuses('proposed')).toEqual(['active', 'closed'])
    expect(nextStatuses('active')).toEqual(['closed'])
    expect(nextStatuses('closed')).toEqual([])
  })
})

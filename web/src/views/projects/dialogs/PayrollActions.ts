// What the payroll tab offers an enterprise user on a payroll, by its state (the server decides who
// may; these only keep the console from offering what the state rules out).
import type { Payroll } from '@/api/wages'

export interface PayrollOffer {
  editLines: boolean // draft: change or remove a line
  submit: boolean // draft → submitted
  confirmLines: boolean // submitted: the worker's (team leader's) confirmation per line
  reopen: boolean // submitted | approved → draft (before any batch)
  approve: boolean // submitted → approved (the GC's labor officer)
  issueBatch: boolean // approved | paying with wages still unpaid
}

export function payrollOffer(p: Pick<Payroll, 'status' | 'unpaidTotal'>, can: (permission: string) => boolean): PayrollOffer {
  const write = can('payroll.write')
  return {
    editLines: write && p.status === 'draft',
    submit: write && p.status === 'draft',
    confirmLines: write && p.status === 'submitted',
    reopen: write && (p.status === 'submitted' || p.status === 'approved'),
    approve: can('payroll.approve') && p.status === 'submitted',
    issueBatch: can('paybatch.write') && (p.status === 'approved' || p.status === 'paying') && p.unpaidTotal > 0,
  }
}

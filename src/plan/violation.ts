/** What verifyPlan reports: one broken invariant of a plan, found by recomputing it from the model. */
export interface Violation {
  code:
    | 'BALANCE'
    | 'CAPACITY'
    | 'YIELD'
    | 'DEMAND'
    | 'QUOTA'
    | 'EXPORT_BAN'
    | 'NEGATIVE'
    | 'COST_TOTAL'
    | 'STOCKPILE'
    | 'ROUTE_CAPACITY'
    | 'OFFTAKE'
    | 'ENVIRONMENT';
  message: string;
  /** How far off, in the unit of the check. */
  amount: number;
}

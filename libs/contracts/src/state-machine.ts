/**
 * A framework-free finite state machine over a transition table given as data.
 * The table is checked when the machine is built, so a typo in it fails at start-up,
 * not on the first order that reaches the bad row.
 */
export type TransitionTable<S extends string> = { readonly [K in S]: readonly S[] };

export type TransitionCheck<S extends string> =
  { ok: true; from: S; to: S } | { ok: false; from: S; to: S; allowed: readonly S[] };

export class StateMachine<S extends string> {
  private readonly states: ReadonlySet<S>;

  constructor(
    readonly name: string,
    private readonly table: TransitionTable<S>,
  ) {
    this.states = new Set(Object.keys(table) as S[]);
    for (const [from, targets] of Object.entries(table) as [S, readonly S[]][]) {
      for (const to of targets) {
        if (!this.states.has(to)) throw new Error(`${name}: ${from} -> ${to} targets an unknown state`);
        if (to === from) throw new Error(`${name}: ${from} -> ${from} is a self-transition`);
      }
      if (new Set(targets).size !== targets.length) throw new Error(`${name}: ${from} lists a target twice`);
    }
  }

  allowed(from: S): readonly S[] {
    return this.table[from];
  }

  isTerminal(state: S): boolean {
    return this.table[state].length === 0;
  }

  check(from: S, to: S): TransitionCheck<S> {
    return this.table[from].includes(to) ? { ok: true, from, to } : { ok: false, from, to, allowed: this.table[from] };
  }

  nonTerminalStates(): S[] {
    return [...this.states].filter((s) => !this.isTerminal(s));
  }
}

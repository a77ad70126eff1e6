/** Where armed acceptance timers go: a delay queue that hands them back to the orders service when due. */
export interface TimerScheduler {
  /** Resolves once the broker has confirmed every timer. */
  schedule(timers: { orderId: string; dueAt: Date }[]): Promise<void>;
}

export const TIMER_SCHEDULER = Symbol('TIMER_SCHEDULER');

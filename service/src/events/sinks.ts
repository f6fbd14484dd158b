import type { Event, EventSink } from './types';

/**
 * The in-process publisher's output (`npm start`, the tests, the benchmark): whoever subscribes
 * is called with each batch of events as they are published, in order.
 */
export class ListenerSink implements EventSink {
  readonly name = 'in-process';
  private readonly listeners = new Set<(events: readonly Event[]) => void>();

  subscribe(listener: (events: readonly Event[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async deliver(events: readonly Event[]): Promise<void> {
    if (events.length === 0) return;
    for (const listener of this.listeners) listener(events);
  }
}

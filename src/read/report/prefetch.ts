/**
 * Reads `source` ahead of its consumer, up to `highWater` items, so that a producer backed by
 * a git process keeps running while the consumer is busy: two streams zipped in lockstep
 * otherwise stall each other, and the range costs the sum of the two reads, not the longer.
 */
export function prefetch<T>(source: AsyncIterable<T>, highWater: number): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const s = {
    queue: [] as T[],
    head: 0,
    done: false,
    stopped: false,
    failure: null as { error: unknown } | null,
    wakeConsumer: null as (() => void) | null,
    wakeProducer: null as (() => void) | null,
  };
  const wake = (key: 'wakeConsumer' | 'wakeProducer') => {
    const w = s[key];
    s[key] = null;
    w?.();
  };

  const pump = (async () => {
    try {
      while (!s.stopped) {
        if (s.queue.length - s.head >= highWater) {
          await new Promise<void>((resolve) => (s.wakeProducer = resolve));
          continue;
        }
        const next = await iterator.next();
        if (next.done) break;
        s.queue.push(next.value);
        wake('wakeConsumer');
      }
    } catch (error) {
      s.failure = { error };
    } finally {
      s.done = true;
      wake('wakeConsumer');
    }
  })();

  return (async function* () {
    try {
      for (;;) {
        if (s.head < s.queue.length) {
          const item = s.queue[s.head]!;
          s.queue[s.head++] = undefined as T;
          // Drop consumed slots now and then, so the array holds only what is ahead.
          if (s.head > 4096 && s.head * 2 > s.queue.length) {
            s.queue.splice(0, s.head);
            s.head = 0;
          }
          wake('wakeProducer');
          yield item;
          continue;
        }
        if (s.failure) throw s.failure.error;
        if (s.done) return;
        await new Promise<void>((resolve) => (s.wakeConsumer = resolve));
      }
    } finally {
      s.stopped = true;
      wake('wakeProducer');
      if (!s.done) await iterator.return?.(undefined);
      await pump;
    }
  })();
}

import { Time } from './bits.js';

export interface TimelineEvent {
  /** UNIX seconds. */
  at: number;
  title: string;
  detail?: string;
  tone?: 'ok' | 'bad' | 'neutral';
}

/** Events down a line, oldest at the top. */
export function Timeline({ events }: { events: TimelineEvent[] }) {
  return (
    <ol class="timeline">
      {events.map((e, i) => (
        <li key={i} class={`tl-${e.tone ?? 'neutral'}`}>
          <Time at={e.at} />
          <strong>{e.title}</strong>
          {e.detail ? <span class="muted">{e.detail}</span> : null}
        </li>
      ))}
    </ol>
  );
}

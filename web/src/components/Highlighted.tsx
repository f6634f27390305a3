// A text with the server's matched segments in <mark>: the one search engine
// (server/platform/search/highlight.ts) cuts catalogue and market texts alike.

/** One piece of a highlighted text. */
export interface Segment {
  text: string;
  match: boolean;
}

export function Highlighted(props: { segments: Segment[] | undefined; fallback: string; testId?: string }) {
  const segs = props.segments?.length ? props.segments : [{ text: props.fallback, match: false }];
  return (
    <span data-testid={props.testId}>
      {segs.map((s, i) =>
        s.match ? (
          <mark key={i} className="yrd-hit">
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </span>
  );
}

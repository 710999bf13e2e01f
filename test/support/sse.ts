// A Server-Sent Events client over real HTTP (inject does not stream): it keeps every block it reads.

export interface SseBlock {
  id?: string;
  event?: string;
  data?: string;
  retry?: string;
  comments: string[];
}

export interface SseClient {
  response: Response;
  blocks: SseBlock[];
  /** Named events only (not `retry:` or comment blocks). */
  events(): SseBlock[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

function parseBlock(text: string): SseBlock {
  const block: SseBlock = { comments: [] };
  for (const line of text.split("\n")) {
    if (line.startsWith(":")) {
      block.comments.push(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "id" || field === "event" || field === "retry") block[field] = value;
    if (field === "data") block.data = block.data === undefined ? value : `${block.data}\n${value}`;
  }
  return block;
}

/** Opens `url` with `headers`; on a non-2xx answer the body is left unread for the caller. */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const blocks: SseBlock[] = [];
  let ended: Promise<void> = Promise.resolve();
  if (response.ok && response.body) {
    const body = response.body;
    ended = (async () => {
      const decoder = new TextDecoder();
      let buffer = "";
      try {
        for await (const chunk of body) {
          buffer += decoder.decode(chunk, { stream: true });
          for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
            blocks.push(parseBlock(buffer.slice(0, end)));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch {
        // aborted by close()
      }
    })();
  }
  return {
    response,
    blocks,
    events: () => blocks.filter((b) => b.event !== undefined),
    ended,
    close: () => controller.abort(),
  };
}

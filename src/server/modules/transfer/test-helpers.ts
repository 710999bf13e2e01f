// Shared by the transfer tests: multipart bodies and waiting for an import to end.
import type { App } from "../../app.ts";

export function multipart(fields: Record<string, string>, file: { name: string; content: Buffer }) {
  const boundary = `----flame${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
        "Content-Type: application/octet-stream\r\n\r\n",
    ),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    payload: Buffer.concat(parts),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

export function uploader(app: App) {
  return (who: { headers: Record<string, string> }, entity: string, name: string, content: Buffer) => {
    const body = multipart({ entity }, { name, content });
    return app.inject({
      method: "POST",
      url: "/api/imports",
      headers: { ...who.headers, ...body.headers },
      payload: body.payload,
    });
  };
}

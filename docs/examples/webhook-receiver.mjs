// A Flame CRM webhook receiver: verifies X-Flame-Signature and handles each event once.
// Run: WEBHOOK_SECRET=whsec_... PORT=8080 node webhook-receiver.mjs
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

const secret = process.env.WEBHOOK_SECRET;
const seen = new Set(); // handled event ids; keep them in your database in production

function verified(header, body) {
  const parts = Object.fromEntries(
    String(header ?? "")
      .split(",")
      .map((p) => p.split("=", 2)),
  );
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > 300) return false; // 5 minutes
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts.v1 ?? "", "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8"); // the raw body: sign-checked before parsing
    if (!verified(req.headers["x-flame-signature"], body)) return res.writeHead(400).end("bad signature");
    const id = req.headers["x-flame-event-id"];
    if (!seen.has(id)) {
      seen.add(id);
      console.log(`verified ${req.headers["x-flame-event"]} ${id}`); // handle the event here
    }
    res.writeHead(200).end("ok"); // any 2xx within 10 s; anything else is retried
  });
});
server.listen(Number(process.env.PORT ?? 8080), () => console.log(`listening on ${server.address().port}`));

// `npm run demo`: a demo workspace with an owner, a manager and a member, created through the real API
// on the configured database (stop the server first when it runs on the embedded one).
// `npm run demo -- --chats`: simulated clients write to the running app (scripts/demo-chats.ts).
import { and, desc, eq } from "drizzle-orm";
import { buildApp } from "../src/server/app.ts";
import { loadConfig } from "../src/server/config.ts";
import { mailOutbox, users } from "../src/server/db/schema/index.ts";
import { inspectSchema } from "../src/server/db/schema-monitor.ts";
import { createLogger } from "../src/server/platform/logger.ts";
import { createPlatform, openDatabase, prepareSchema } from "../src/server/server.ts";

const config = loadConfig();
const PASSWORD = "flame-demo-2026";
const people = [
  { email: "owner@demo.flame.local", name: "Ольга Владелец", role: "owner" },
  { email: "manager@demo.flame.local", name: "Максим Менеджер", role: "manager" },
  { email: "member@demo.flame.local", name: "Мария Сотрудник", role: "member" },
] as const;

if (process.argv.includes("--chats")) {
  const { runChats } = await import("./demo-chats.ts");
  const code = await runChats(process.argv.slice(2), {
    defaultUrl: config.publicUrl,
    email: people[0].email,
    password: PASSWORD,
  });
  // Keep-alive sockets to the app would hold the process open for a few seconds more.
  process.exit(code);
} else await createWorkspace();

async function createWorkspace() {
  const log = createLogger("warn");
  const database = await openDatabase(config, log);
  try {
    await prepareSchema(config, database, log);
    const [exists] = await database.db.select().from(users).where(eq(users.email, people[0].email));
    if (exists) {
      console.log("The demo workspace exists already.");
    } else {
      const platform = await createPlatform(
        { ...config, runsJobs: false },
        database,
        log,
        await inspectSchema(database.db),
      );
      await platform.jobs.start();
      const app = await buildApp(platform, log);
      const origin = config.publicUrl;
      const cookieOf = (res: { headers: Record<string, unknown> }) =>
        [res.headers["set-cookie"]]
          .flat()
          .map((c) => String(c).split(";")[0])
          .join("; ");
      const signUp = async (person: (typeof people)[number], extra: Record<string, string>) => {
        const res = await app.inject({
          method: "POST",
          url: "/api/auth/sign-up/email",
          headers: { origin },
          payload: { email: person.email, name: person.name, password: PASSWORD, ...extra },
        });
        if (res.statusCode !== 200) throw new Error(`sign-up of ${person.email} failed: ${res.body}`);
        return { cookie: cookieOf(res), origin };
      };
      const owner = await signUp(people[0], { workspaceName: "Демо: ООО «Пламя»" });
      const workspaceId = (await app.inject({ url: "/api/me", headers: owner })).json().activeWorkspace.id;
      // The others join the way a colleague does: an invitation, then sign-up from its link.
      for (const person of people.slice(1)) {
        const invitation = await app.inject({
          method: "POST",
          url: `/api/workspaces/${workspaceId}/invitations`,
          headers: owner,
          payload: { email: person.email, role: person.role },
        });
        if (invitation.statusCode !== 201) throw new Error(`invitation failed: ${invitation.body}`);
        const [mail] = await database.db
          .select()
          .from(mailOutbox)
          .where(and(eq(mailOutbox.to, person.email), eq(mailOutbox.kind, "invitation")))
          .orderBy(desc(mailOutbox.id))
          .limit(1);
        await signUp(person, {
          invitationToken: decodeURIComponent(mail?.text.match(/token=([^\s&]+)/)?.[1] ?? ""),
        });
      }
      await app.close();
      await platform.jobs.stop(1000);
      console.log("Created the demo workspace «Демо: ООО «Пламя»».");
    }
    console.log(`Sign in at ${config.publicUrl} with the password ${PASSWORD} as:`);
    for (const p of people) console.log(`  ${p.role.padEnd(8)} ${p.email}  (${p.name})`);
  } finally {
    await database.close();
  }
}

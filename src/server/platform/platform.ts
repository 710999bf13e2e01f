import type { Config } from "../config.ts";
import type { Database } from "../db/client.ts";
import type { SchemaMonitor } from "../db/schema-monitor.ts";
import type { Auth } from "../modules/auth/auth.ts";
import type { SecretBox } from "./crypto.ts";
import type { Jobs } from "./jobs.ts";
import type { Mailer } from "./mailer.ts";
import type { Metrics } from "./metrics.ts";
import type { Outbox } from "./outbox.ts";

/** The few long-lived parts that routes and services share; passed explicitly, never imported as globals. */
export interface Platform {
  config: Config;
  database: Database;
  schema: SchemaMonitor;
  jobs: Jobs;
  outbox: Outbox;
  metrics: Metrics;
  auth: Auth;
  mailer: Mailer;
  /** Seals and opens secrets stored in the database (provider credentials). */
  secrets: SecretBox;
  /** Set when shutdown begins: readiness answers 503 so load balancers stop sending traffic. */
  draining: boolean;
}

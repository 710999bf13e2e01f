import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { actorOf } from "../../platform/actor.ts";
import { createEventHub } from "../../platform/events.ts";
import { fileAnswer } from "../../platform/openapi.ts";
import type { Platform } from "../../platform/platform.ts";
import { openEventStream } from "./events.stream.ts";

export const eventsRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    // Only nodes that serve HTTP build the app, so worker nodes never LISTEN.
    const hub = createEventHub(platform.database, app.log);
    // Before the server stops accepting: open streams would otherwise hold shutdown until its deadline.
    app.addHook("preClose", async () => {
      await hub.stop();
    });

    app.get(
      "/api/events",
      {
        // A HEAD would open a stream that nobody reads.
        exposeHeadRoute: false,
        schema: {
          tags: ["realtime"],
          summary:
            "Live events of the caller's workspace as Server-Sent Events (text/event-stream): `retry: 3000`, then per event `id: <outbox id>`, `event: <topic>`, `data: {topic, id, entity?, recordId?, pipelineId?, stageId?}`; `: ping` every 25 s; `event: resync` when events may have been missed",
          description:
            "Events carry ids only, never record contents: refetch through the API, which applies visibility. See docs/realtime.md.",
          ...fileAnswer("text/event-stream", "The event stream; it stays open"),
        },
      },
      async (request, reply) => {
        const stream = await openEventStream(hub, actorOf(request));
        return reply
          .header("content-type", "text/event-stream")
          .header("cache-control", "no-cache")
          .header("x-accel-buffering", "no")
          .send(stream);
      },
    );
  };

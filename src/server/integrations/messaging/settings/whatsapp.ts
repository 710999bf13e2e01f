// Connecting a WhatsApp Business number: the phone number lookup checks the token and the id, the app is
// subscribed to the WABA's webhooks when its id is given, and the person connecting pastes our callback
// URL and the verify token into the Meta app (Meta offers no API for that step).
import { randomBytes } from "node:crypto";
import { maskSecret } from "../../../platform/crypto.ts";
import { clientsFor } from "../channels.ts";
import { type ChannelAdapter, hookUrl } from "./adapter.ts";
import type { WhatsAppConnected, WhatsAppIntegration } from "./settings.schemas.ts";

export const whatsappAdapter: ChannelAdapter<"whatsapp", WhatsAppIntegration, WhatsAppConnected> = {
  platform: "whatsapp",
  noun: "phone number",
  accountKey: "phoneNumberId",
  delivery: () => "webhook",
  // Meta echoes it back in the hub.verify_token of its verification GET.
  newSecret: () => randomBytes(24).toString("base64url"),

  async verify(config, credentials) {
    const phone = await clientsFor(config).whatsapp(credentials).getPhoneNumber();
    return {
      key: phone.id,
      account: {
        phoneNumberId: phone.id,
        displayPhoneNumber: phone.displayPhoneNumber,
        verifiedName: phone.verifiedName,
        ...(credentials.wabaId ? { wabaId: credentials.wabaId } : {}),
      },
      defaultName: phone.verifiedName || phone.displayPhoneNumber,
    };
  },

  registerAfterCommit: false,
  async register({ config, credentials }) {
    if (credentials.wabaId) await clientsFor(config).whatsapp(credentials).subscribeApp();
  },
  // Nothing to undo at Meta: the app's subscription belongs to the whole WABA, whose other numbers may
  // still be connected, and the callback URL lives in the Meta app. The receiver drops what still comes.
  unregister: async () => {},

  present: (base, row, credentials, config) => ({
    ...base,
    platform: "whatsapp",
    account: {
      phoneNumberId: row.account.phoneNumberId ?? "",
      displayPhoneNumber: row.account.displayPhoneNumber ?? "",
      verifiedName: row.account.verifiedName ?? "",
      wabaId: row.account.wabaId ?? null,
    },
    credentials: credentials && {
      accessToken: maskSecret(credentials.accessToken),
      appSecret: maskSecret(credentials.appSecret),
      phoneNumberId: credentials.phoneNumberId,
      wabaId: credentials.wabaId ?? null,
      graphVersion: credentials.graphVersion ?? null,
    },
    callbackUrl: hookUrl(config, "whatsapp", row.id),
  }),
  created: (view, secret) => ({ ...view, verifyToken: secret }),
};

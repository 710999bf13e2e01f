// Messaging channels: Telegram bots, WhatsApp numbers and Avito accounts whose chats come into the CRM.
// Everyone sees them; `integrations.manage` connects, edits and disconnects.
import { useState } from "react";
import { PLATFORMS, type WhatsAppConnected } from "../logic/channels.ts";
import type { Access } from "../logic/sections.ts";
import { ChannelPlatformPanel } from "./ChannelPlatformPanel.tsx";
import { SectionFrame } from "./SectionFrame.tsx";
import { WhatsAppWebhookModal } from "./WhatsAppWebhookModal.tsx";

export function ChannelsSection({ access }: { access: Access }) {
  const [whatsapp, setWhatsapp] = useState<WhatsAppConnected | null>(null);
  return (
    <SectionFrame section="channels" access={access}>
      {PLATFORMS.map((platform) => (
        <ChannelPlatformPanel
          key={platform}
          platform={platform}
          editable={access === "edit"}
          onWhatsAppConnected={setWhatsapp}
        />
      ))}
      <WhatsAppWebhookModal connected={whatsapp} onClose={() => setWhatsapp(null)} />
    </SectionFrame>
  );
}

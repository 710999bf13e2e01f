import { ThemeIcon } from "@mantine/core";
import { IconBrandTelegram, IconBrandWhatsapp, IconMessageCircle } from "@tabler/icons-react";
import type { Channel } from "../../../components/conversation/api.ts";

const ICONS = { telegram: IconBrandTelegram, whatsapp: IconBrandWhatsapp, avito: IconMessageCircle };
const COLORS = { telegram: "blue", whatsapp: "teal", avito: "grape" };

export function ChannelIcon({ channel, label }: { channel: Channel; label: string }) {
  const Icon = ICONS[channel];
  return (
    <ThemeIcon variant="light" color={COLORS[channel]} radius="xl" size="md" aria-label={label} title={label}>
      <Icon size={16} />
    </ThemeIcon>
  );
}

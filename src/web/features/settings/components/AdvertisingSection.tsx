// Advertising: Yandex Direct and Avito spend, imported daily, and the campaigns and listings mapped to
// lead sources and utm_campaign values. Everyone sees it; `integrations.manage` connects and edits.
import type { Access } from "../logic/sections.ts";
import { AdvertisingCampaigns } from "./AdvertisingCampaigns.tsx";
import { AdvertisingPanel } from "./AdvertisingPanel.tsx";
import { SectionFrame } from "./SectionFrame.tsx";

export function AdvertisingSection({ access }: { access: Access }) {
  const editable = access === "edit";
  return (
    <SectionFrame section="advertising" access={access}>
      <AdvertisingPanel platform="yandex-direct" editable={editable} />
      <AdvertisingPanel platform="avito" editable={editable} />
      <AdvertisingCampaigns editable={editable} />
    </SectionFrame>
  );
}

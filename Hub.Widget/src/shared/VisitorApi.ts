import { HubRest } from "./HubRest";

/** What a visitor may see of its tenant's settings (GET /api/tenants/{t}/widget). */
export interface WidgetConfig {
  welcomeMessage?: string | null;
  enterpriseName?: string | null;
  logoUrl?: string | null;
  themeColor?: string | null;
  showAgentNickname: boolean;
  openNow: boolean;
}

/** The hub's REST calls a visitor makes. */
export class VisitorApi extends HubRest {
  async widgetConfig(): Promise<WidgetConfig> {
    return (await this.json("GET", "/widget")).entity as WidgetConfig;
  }

  async createVisitor(body: Record<string, unknown>): Promise<{ visitorId: string; token: string }> {
    return (await this.json("POST", "/visitors", body)).entity;
  }

  async updateProfile(visitorId: string, token: string, profile: Record<string, unknown>): Promise<void> {
    await this.json("PUT", `/visitors/${encodeURIComponent(visitorId)}`, profile, token);
  }
}

import { agentsPage } from "./pages/AgentsPage";
import { dashboardPage } from "./pages/DashboardPage";
import { historyPage } from "./pages/HistoryPage";
import { leaveMessagesPage } from "./pages/LeaveMessagesPage";
import { monitorPage } from "./pages/MonitorPage";
import { queuesPage } from "./pages/QueuesPage";
import { quickRepliesPage } from "./pages/QuickRepliesPage";
import { rolesPage } from "./pages/RolesPage";
import { settingsPage } from "./pages/SettingsPage";
import { summariesPage } from "./pages/SummariesPage";
import { tagsPage } from "./pages/TagsPage";
import { timePlanPage } from "./pages/TimePlanPage";
import { webhookPage } from "./pages/WebhookPage";
import type { ConsoleTexts } from "./texts";
import type { IconName, PageContext, PageHandle } from "./ui";

type TextKey = { [K in keyof ConsoleTexts]: ConsoleTexts[K] extends string ? K : never }[keyof ConsoleTexts];

export interface Route {
  id: string;
  group: TextKey;
  title: TextKey;
  icon: IconName;
  create(ctx: PageContext): PageHandle;
}

/** The sidebar, in order; the first is the home page. */
export const ROUTES: Route[] = [
  { id: "dashboard", group: "navOverview", title: "dashboard", icon: "dashboard", create: dashboardPage },
  { id: "monitor", group: "navOverview", title: "monitor", icon: "monitor", create: monitorPage },
  { id: "agents", group: "navTeam", title: "agents", icon: "agents", create: agentsPage },
  { id: "roles", group: "navTeam", title: "roles", icon: "shield", create: rolesPage },
  { id: "queues", group: "navTeam", title: "queues", icon: "queues", create: queuesPage },
  { id: "timeplan", group: "navTeam", title: "timePlan", icon: "clock", create: timePlanPage },
  { id: "history", group: "navConversations", title: "history", icon: "history", create: historyPage },
  { id: "leave-messages", group: "navConversations", title: "leaveMessages", icon: "mail", create: leaveMessagesPage },
  { id: "settings", group: "navConfiguration", title: "settings", icon: "settings", create: settingsPage },
  { id: "summaries", group: "navConfiguration", title: "summaries", icon: "tree", create: summariesPage },
  { id: "visitor-tags", group: "navConfiguration", title: "visitorTags", icon: "tag", create: tagsPage },
  { id: "quick-replies", group: "navConfiguration", title: "quickReplies", icon: "bolt", create: quickRepliesPage },
  { id: "webhook", group: "navConfiguration", title: "webhook", icon: "link", create: webhookPage },
];
